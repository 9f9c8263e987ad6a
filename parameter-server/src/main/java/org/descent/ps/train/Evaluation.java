package org.descent.ps.train;

/**
 * Metric sums over evaluated rows, mergeable across partitions: loss sum, and for classifiers the
 * number of correct predictions; for regression the squared and absolute errors and the target sums
 * needed for R² = 1 − SSE/SST. Metrics are derived from the sums at the end.
 */
public final class Evaluation implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private double lossSum;
  private long rows;
  private long correct;
  private double squaredError;
  private double absoluteError;
  private double targetSum;
  private double targetSquares;
  private long targetCount;

  public void addLoss(double sum, long n) {
    lossSum += sum;
    rows += n;
  }

  public void addPrediction(int predicted, int actual) {
    if (predicted == actual) {
      correct++;
    }
  }

  /** One regression output (in the target's own units). */
  public void addRegression(double predicted, double actual) {
    double e = predicted - actual;
    squaredError += e * e;
    absoluteError += Math.abs(e);
    targetSum += actual;
    targetSquares += actual * actual;
    targetCount++;
  }

  public Evaluation merge(Evaluation o) {
    lossSum += o.lossSum;
    rows += o.rows;
    correct += o.correct;
    squaredError += o.squaredError;
    absoluteError += o.absoluteError;
    targetSum += o.targetSum;
    targetSquares += o.targetSquares;
    targetCount += o.targetCount;
    return this;
  }

  public long rows() {
    return rows;
  }

  /** Mean loss per row (the data loss, without penalties). */
  public double loss() {
    return lossSum / rows;
  }

  public double accuracy() {
    return (double) correct / rows;
  }

  /** Mean squared error per target value. */
  public double mse() {
    return squaredError / targetCount;
  }

  public double mae() {
    return absoluteError / targetCount;
  }

  /** Coefficient of determination 1 − SSE/SST over all target values. */
  public double r2() {
    double mean = targetSum / targetCount;
    double sst = targetSquares - targetCount * mean * mean;
    return sst > 0 ? 1 - squaredError / sst : 0;
  }
}
