package org.descent.io;

import java.util.List;
import org.descent.ps.train.BestWeights;
import org.descent.ps.train.EpochMetrics;
import org.descent.ps.train.LoopState;

/**
 * Everything {@code descent train} needs to continue a run bit-identically: the parameter server
 * snapshot (weights, optimiser, step, schedule, layer state) and the trainer's position and
 * early-stopping state.
 *
 * @param step steps done (global, counting steps without rows)
 * @param epoch the 1-based epoch to continue in
 * @param stepInEpoch steps of {@code epoch} already done (may equal {@code stepsPerEpoch}: the
 *     epoch's validation is still to come)
 * @param stepsPerEpoch the plan's steps per epoch, checked on resume
 * @param epochLossSum the training loss of {@code epoch} so far, summed over its rows with their
 *     weights (Σ wℓ; the epoch's loss is that over the rows' total weight)
 * @param bestLoss the best validation score so far (+∞ if none): the loss, or the score of
 *     train.earlyStopMetric (lower is better: −accuracy, −F1, RMSE)
 * @param bestEpoch epoch of the kept weights
 * @param sinceBest epochs since the best one
 * @param bestParameters kept (best) weights
 * @param bestLayerState kept (best) layer state
 * @param history metrics of the finished epochs
 * @param serverSnapshot {@link org.descent.ps.ParameterServer#snapshot()}
 */
public record Checkpoint(
    long step,
    int epoch,
    int stepInEpoch,
    long stepsPerEpoch,
    double epochLossSum,
    double bestLoss,
    int bestEpoch,
    int sinceBest,
    float[] bestParameters,
    float[] bestLayerState,
    List<EpochMetrics> history,
    byte[] serverSnapshot) {

  public Checkpoint {
    history = List.copyOf(history);
  }

  /** The training loop's {@code state} with the parameter server's {@code serverSnapshot}. */
  public static Checkpoint of(LoopState state, byte[] serverSnapshot) {
    BestWeights.Saved best = state.best();
    return new Checkpoint(
        state.step(),
        state.epoch(),
        state.stepInEpoch(),
        state.stepsPerEpoch(),
        state.epochLossSum(),
        best.bestScore(),
        best.epoch(),
        best.sinceBest(),
        best.parameters(),
        best.layerState(),
        state.history(),
        serverSnapshot);
  }

  /** What the training loop resumes from (the server is restored from {@link #serverSnapshot}). */
  public LoopState loopState() {
    return new LoopState(
        step,
        epoch,
        stepInEpoch,
        stepsPerEpoch,
        epochLossSum,
        new BestWeights.Saved(bestParameters, bestLayerState, bestLoss, bestEpoch, sinceBest),
        history);
  }
}
