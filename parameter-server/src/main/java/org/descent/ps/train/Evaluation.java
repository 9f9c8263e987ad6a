package org.descent.ps.train;

/**
 * Metric sums over evaluated rows, mergeable across partitions: loss sum, and for classifiers the
 * number of correct predictions (and, when asked for with {@link #countingPairs}, the count of each
 * (actual, predicted) pair: the confusion matrix); for regression the squared and absolute errors
 * and the target sums needed for R² = 1 − SSE/SST. Metrics are derived from the sums at the end.
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
  private int classes;

  /** Row-major {@code [actual * classes + predicted]}; null unless {@link #countingPairs}. */
  private long[] pairs;

  /** Sums without pair counts. */
  public Evaluation() {}

  /**
   * Sums that also count (actual, predicted) class pairs in {@link #addPrediction}, for a
   * classifier of {@code classes} classes ({@code classes²} counts).
   */
  public static Evaluation countingPairs(int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException("classes must be positive, got " + classes);
    }
    Evaluation e = new Evaluation();
    e.classes = classes;
    e.pairs = new long[classes * classes];
    return e;
  }

  public void addLoss(double sum, long n) {
    lossSum += sum;
    rows += n;
  }

  public void addPrediction(int predicted, int actual) {
    if (predicted == actual) {
      correct++;
    }
    if (pairs != null) {
      pairs[actual * classes + predicted]++;
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

  /**
   * Adds {@code o}'s sums to these. Pair counts merge when both count them; an empty evaluation (no
   * rows) merges with either kind, and one that counts pairs makes this count them too.
   */
  public Evaluation merge(Evaluation o) {
    boolean mine = pairs != null;
    if (mine != (o.pairs != null) && (mine ? o.rows : rows) > 0) {
      throw new IllegalArgumentException(
          "cannot merge rows counted without (actual, predicted) pairs with counted ones");
    }
    if (mine && o.pairs != null && classes != o.classes) {
      throw new IllegalArgumentException(
          "cannot merge pair counts of " + o.classes + " classes into " + classes);
    }
    lossSum += o.lossSum;
    rows += o.rows;
    correct += o.correct;
    squaredError += o.squaredError;
    absoluteError += o.absoluteError;
    targetSum += o.targetSum;
    targetSquares += o.targetSquares;
    targetCount += o.targetCount;
    if (o.pairs != null) {
      if (pairs == null) {
        classes = o.classes;
        pairs = o.pairs.clone();
      } else {
        for (int i = 0; i < pairs.length; i++) {
          pairs[i] += o.pairs[i];
        }
      }
    }
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

  /**
   * F1 averaged over the classes, each weighted by its share of the rows (MLlib's {@code
   * MulticlassClassificationEvaluator} metric {@code f1}): Σ over classes of (rows of the class /
   * rows) · F1 of the class, a class without rows adding 0; NaN without pairs or rows.
   */
  public double weightedF1() {
    if (pairs == null) {
      return Double.NaN;
    }
    long[][] c = confusion();
    long total = 0;
    double sum = 0;
    for (int k = 0; k < c.length; k++) {
      long actual = 0;
      long predicted = 0;
      for (int j = 0; j < c.length; j++) {
        actual += c[k][j];
        predicted += c[j][k];
      }
      total += actual;
      if (actual > 0) {
        sum += actual * (2.0 * c[k][k] / (actual + predicted));
      }
    }
    return total == 0 ? Double.NaN : sum / total;
  }

  /**
   * The confusion matrix, {@code counts[actual][predicted]}: rows whose label is {@code actual} and
   * whose predicted class is {@code predicted}.
   *
   * @throws IllegalStateException if this did not count pairs
   */
  public long[][] confusion() {
    if (pairs == null) {
      throw new IllegalStateException("this evaluation did not count (actual, predicted) pairs");
    }
    long[][] counts = new long[classes][classes];
    for (int i = 0; i < pairs.length; i++) {
      counts[i / classes][i % classes] = pairs[i];
    }
    return counts;
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
