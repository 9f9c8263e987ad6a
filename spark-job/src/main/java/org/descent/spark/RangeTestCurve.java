package org.descent.spark;

import java.util.ArrayList;
import java.util.List;

/**
 * The points of a learning-rate range test: rate, minibatch loss and its smoothed value, the
 * divergence rule and the suggested rate. Smoothing is the bias-corrected exponential moving
 * average {@code avg ← β·avg + (1−β)·loss}, {@code smoothed = avg/(1−β^n)} after n points.
 */
public final class RangeTestCurve {
  /** One step of the test. */
  public record Point(double learningRate, double loss, double smoothedLoss) {}

  private final double beta;
  private final double divergence;
  private final List<Point> points = new ArrayList<>();
  private double average;
  private double best = Double.POSITIVE_INFINITY;
  private int bestIndex = -1;
  private boolean diverged;

  public RangeTestCurve(double beta, double divergence) {
    this.beta = beta;
    this.divergence = divergence;
  }

  /**
   * Adds a step's loss at {@code learningRate}; returns false, adding nothing, once the test has
   * diverged: the loss is not finite, or (after this point) the smoothed loss exceeds {@code
   * divergence}× its minimum.
   */
  public boolean add(double learningRate, double loss) {
    if (diverged) {
      return false;
    }
    if (!Double.isFinite(loss)) {
      diverged = true;
      return false;
    }
    average = beta * average + (1 - beta) * loss;
    double smoothed = average / (1 - Math.pow(beta, points.size() + 1));
    points.add(new Point(learningRate, loss, smoothed));
    if (smoothed < best) {
      best = smoothed;
      bestIndex = points.size() - 1;
    }
    if (points.size() > 1 && smoothed > divergence * best) {
      diverged = true;
    }
    return true;
  }

  /** Ends the test early (e.g. the gradient overflowed). */
  public void markDiverged() {
    diverged = true;
  }

  public boolean diverged() {
    return diverged;
  }

  public List<Point> points() {
    return List.copyOf(points);
  }

  /** The point of least smoothed loss. */
  public Point minimum() {
    if (bestIndex < 0) {
      throw new IllegalStateException("the range test recorded no step");
    }
    return points.get(bestIndex);
  }

  /**
   * The suggested learning rate: the rate at the smoothed loss's minimum divided by 10. At the
   * minimum the rate is already about to be too large; a tenth of it is still on the steep,
   * descending part of the curve (fast.ai's "lr_min / 10" rule). It is less noisy than the rate of
   * steepest descent, which depends on the slope of a noisy curve.
   */
  public double suggestion() {
    return minimum().learningRate() / 10;
  }
}
