package org.descent.ps.train;

import java.util.List;

/**
 * Where {@link TrainingLoop} stands after a step's update: what a checkpoint records besides the
 * parameter server's snapshot, and what a resumed run starts from.
 *
 * @param step steps done (global, counting steps without rows)
 * @param epoch the 1-based epoch to continue in
 * @param stepInEpoch steps of {@code epoch} already done (may equal {@code stepsPerEpoch}: the
 *     epoch's validation is still to come)
 * @param stepsPerEpoch the plan's steps per epoch
 * @param epochLossSum Σ wℓ over the rows {@code epoch} has trained on so far
 * @param best early stopping's state
 * @param history metrics of the finished epochs
 */
public record LoopState(
    long step,
    int epoch,
    int stepInEpoch,
    long stepsPerEpoch,
    double epochLossSum,
    BestWeights.Saved best,
    List<EpochMetrics> history) {}
