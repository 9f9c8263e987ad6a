package org.descent.ml;

/** The error of {@code summary()} on a model without one. */
final class NoSummary {
  private NoSummary() {}

  static IllegalStateException of(Object model) {
    return new IllegalStateException(
        "No training summary available for this "
            + model.getClass().getSimpleName()
            + ": a model has one right after fit, not once saved and loaded (check hasSummary());"
            + " its per-epoch history is still in trainingHistory(), its layers in describe()");
  }
}
