package org.descent.ps.train;

import java.util.List;

/**
 * The outcome of a local training run: the best parameters and layer state (by validation loss, or
 * the last ones without validation data), the epoch they came from, the per-epoch history and the
 * loss of every step (the minibatch's data loss at the weights before that step's update).
 */
public record TrainingResult(
    float[] parameters,
    float[] layerState,
    int bestEpoch,
    boolean stoppedEarly,
    List<EpochMetrics> history,
    double[] stepLosses) {}
