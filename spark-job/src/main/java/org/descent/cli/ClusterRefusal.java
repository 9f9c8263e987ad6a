package org.descent.cli;

import java.util.Locale;

/**
 * Recognises a driver that a cluster refused or never answered — most often a standalone cluster
 * with {@code spark.authenticate=true} and a driver without its secret — from what Spark throws
 * (SASL and authentication failures, "All masters are unresponsive", and the "stopped SparkContext"
 * that follows), and says so in one line naming the secret setting instead of Spark's stack traces.
 */
final class ClusterRefusal {
  private ClusterRefusal() {}

  /** The one-line message, or null when {@code e} is not a refusal by the cluster. */
  static String message(Throwable e) {
    boolean auth = false;
    boolean unanswered = false;
    for (Throwable c = e; c != null; c = c.getCause()) {
      String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
      String type = c.getClass().getName().toLowerCase(Locale.ROOT);
      if (type.contains("sasl")
          || m.contains("sasl")
          || m.contains("authentication failed")
          || m.contains("spark.authenticate")) {
        auth = true;
      }
      if (m.contains("all masters are unresponsive")
          || m.contains("application has been killed")
          || m.contains("stopped sparkcontext")
          || m.contains("because sparkcontext was shut down")) {
        unanswered = true;
      }
    }
    if (!auth && !unanswered) {
      return null;
    }
    return (auth
            ? "the cluster refused the driver's authentication"
            : "the cluster refused the driver or never answered (Spark stopped before training)")
        + "; if it runs with spark.authenticate=true, give the driver the same"
        + " spark.authenticate.secret (deploy/submit-standalone.sh reads RUN/secret, or set"
        + " DESCENT_SECRET_FILE; docs/security.md), else check --master and that the master is"
        + " up; run with --verbose for Spark's traces";
  }
}
