package org.descent.ps.train;

import org.descent.ps.ParameterServer;

/**
 * Early stopping: with validation data, keep the weights and layer state of the epoch with the best
 * validation {@link EarlyStopMetric} (by default the loss, as the local trainer does) and stop
 * after {@code patience} epochs without one better by more than {@code tol} (patience 0 = never
 * stop); without validation data the last weights are the result. An epoch that improves by {@code
 * tol} or less does not reset the count, but its weights are kept if they are the best so far — so
 * the result is always the best epoch seen, and {@code tol} only decides when to give up.
 */
public final class BestWeights {
  private final ParameterServer server;
  private final int patience;
  private final EarlyStopMetric metric;
  private final double tol;
  private float[] parameters;
  private float[] layerState;

  /** The best epoch's {@linkplain EarlyStopMetric#score score}: lower is better. */
  private double bestScore = Double.POSITIVE_INFINITY;

  /** The score that last reset the patience count: a gain is measured from here. */
  private double lastGain = Double.POSITIVE_INFINITY;

  private int epoch;
  private int sinceBest;

  /**
   * What a checkpoint records of early stopping: the best epoch's weights, layer state, score and
   * number, and the epochs since the score last improved.
   */
  public record Saved(
      float[] parameters, float[] layerState, double bestScore, int epoch, int sinceBest) {}

  public BestWeights(ParameterServer server, int patience) {
    this(server, patience, EarlyStopMetric.LOSS, 0);
  }

  public BestWeights(ParameterServer server, int patience, EarlyStopMetric metric, double tol) {
    this.server = server;
    this.patience = patience;
    this.metric = metric;
    this.tol = tol;
    keep(0);
  }

  /**
   * Continues the early-stopping state a checkpoint recorded (its best "loss" is the score of the
   * metric the run was started with).
   */
  public BestWeights(
      ParameterServer server, int patience, EarlyStopMetric metric, double tol, Saved saved) {
    this.server = server;
    this.patience = patience;
    this.metric = metric;
    this.tol = tol;
    this.parameters = saved.parameters().clone();
    this.layerState = saved.layerState().clone();
    this.bestScore = saved.bestScore();
    this.lastGain = saved.bestScore();
    this.epoch = saved.epoch();
    this.sinceBest = saved.sinceBest();
  }

  /** Records epoch {@code e}'s outcome; returns whether to stop. */
  public boolean afterEpoch(int e, Evaluation validation) {
    // No validation rows (none given, or a split that came out empty): the latest weights.
    if (validation == null || validation.rows() == 0) {
      keep(e);
      return false;
    }
    double score = metric.score(validation);
    boolean gain = score < lastGain - tol; // the first finite score is a gain (∞ − tol = ∞)
    if (score < bestScore) {
      bestScore = score;
      keep(e);
    }
    if (gain) {
      lastGain = score;
      sinceBest = 0;
      return false;
    }
    return patience > 0 && ++sinceBest >= patience;
  }

  private void keep(int e) {
    epoch = e;
    parameters = server.weights().clone();
    layerState = server.layerState().clone();
  }

  /**
   * The kept state, as a checkpoint records it and as the trainers return it (the kept arrays
   * themselves, not copies).
   */
  public Saved saved() {
    return new Saved(parameters, layerState, bestScore, epoch, sinceBest);
  }
}
