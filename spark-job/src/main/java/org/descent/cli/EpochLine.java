package org.descent.cli;

import java.util.Locale;
import org.descent.ps.train.EpochMetrics;

/** One progress line per epoch. */
final class EpochLine {
  private EpochLine() {}

  static String format(EpochMetrics m, boolean classifier) {
    StringBuilder sb =
        new StringBuilder(
            String.format(Locale.ROOT, "epoch %3d  train loss %.4f", m.epoch(), m.trainLoss()));
    if (!Double.isNaN(m.validationLoss())) {
      sb.append(String.format(Locale.ROOT, "  val loss %.4f", m.validationLoss()));
      if (classifier) {
        sb.append(String.format(Locale.ROOT, "  val acc %.4f", m.validationAccuracy()));
      } else {
        sb.append(
            String.format(
                Locale.ROOT, "  val MAE %.3f  val R² %.3f", m.validationMae(), m.validationR2()));
      }
    }
    sb.append(String.format(Locale.ROOT, "  (%.2f s)", m.seconds()));
    return sb.toString();
  }
}
