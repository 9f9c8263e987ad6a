package org.descent.spark;

import org.descent.ps.ParameterServer;
import org.descent.ps.train.Evaluation;

/**
 * Early stopping as the local trainer does it: with validation data, keep the weights and layer
 * state of the epoch with the lowest validation loss and stop after {@code patience} epochs without
 * a lower one (0 = never); without validation data the last weights are the result.
 */
final class BestWeights {
  private final ParameterServer server;
  private final int patience;
  private float[] parameters;
  private float[] layerState;
  private double bestLoss = Double.POSITIVE_INFINITY;
  private int epoch;
  private int sinceBest;

  BestWeights(ParameterServer server, int patience) {
    this.server = server;
    this.patience = patience;
    keep(0);
  }

  /** Continues the early-stopping state a checkpoint recorded. */
  BestWeights(ParameterServer server, int patience, org.descent.io.Checkpoint c) {
    this.server = server;
    this.patience = patience;
    this.parameters = c.bestParameters().clone();
    this.layerState = c.bestLayerState().clone();
    this.bestLoss = c.bestLoss();
    this.epoch = c.bestEpoch();
    this.sinceBest = c.sinceBest();
  }

  /** Records epoch {@code e}'s outcome; returns whether to stop. */
  boolean afterEpoch(int e, Evaluation validation) {
    // No validation rows (none given, or a split that came out empty): the latest weights.
    if (validation == null || validation.rows() == 0) {
      keep(e);
      return false;
    }
    if (validation.loss() < bestLoss) {
      bestLoss = validation.loss();
      sinceBest = 0;
      keep(e);
      return false;
    }
    return patience > 0 && ++sinceBest >= patience;
  }

  private void keep(int e) {
    epoch = e;
    parameters = server.weights().clone();
    layerState = server.layerState().clone();
  }

  float[] parameters() {
    return parameters;
  }

  float[] layerState() {
    return layerState;
  }

  int epoch() {
    return epoch;
  }

  double bestLoss() {
    return bestLoss;
  }

  int sinceBest() {
    return sinceBest;
  }
}
