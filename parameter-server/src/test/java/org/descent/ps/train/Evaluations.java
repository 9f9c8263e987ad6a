package org.descent.ps.train;

/** What tests ask of an {@link Evaluation} that the trainers never need to. */
public final class Evaluations {
  private Evaluations() {}

  /**
   * Whether {@code e} counts (actual, predicted) pairs ({@link Evaluation#countingPairs}, or merged
   * from one): exactly when it has a confusion matrix to give.
   */
  public static boolean hasPairs(Evaluation e) {
    try {
      e.confusion();
      return true;
    } catch (IllegalStateException noPairs) {
      return false;
    }
  }
}
