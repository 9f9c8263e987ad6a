package org.descent.ps.config;

import java.util.List;
import org.descent.ps.FlatConfig.Range;

/**
 * The keys of single commands: {@code report.*} (descent train's HTML report) and {@code lrFind.*}
 * (descent lr-find). Declared once here; {@link ConfigKeys} lists them in order.
 */
public final class CommandKeys {
  private CommandKeys() {}

  public static final ConfigKey<Boolean> REPORT_ENABLED =
      ConfigKey.flag(
          "report.enabled",
          true,
          "descent train --out DIR: also write DIR/report.html (loss, accuracy, "
              + "learning-rate and step-time charts, confusion matrix, network summary,"
              + " configuration).");

  public static final ConfigKey<Double> LR_FIND_START =
      ConfigKey.number(
          "lrFind.start",
          "1e-7",
          Range.POSITIVE,
          "descent lr-find: the first learning rate of the range test.");

  public static final ConfigKey<Double> LR_FIND_END =
      ConfigKey.number(
          "lrFind.end",
          "10",
          Range.POSITIVE,
          "descent lr-find: the last learning rate; the rate grows exponentially "
              + "from lrFind.start to it.");

  public static final ConfigKey<Integer> LR_FIND_STEPS =
      ConfigKey.whole(
          "lrFind.steps",
          200,
          2,
          "steps",
          "descent lr-find: steps of the range test (it stops earlier once the "
              + "smoothed loss exceeds 4x its minimum).");

  /** Every key of this section, in the order of the defaults file. */
  static final List<ConfigKey<?>> ALL =
      List.of(REPORT_ENABLED, LR_FIND_START, LR_FIND_END, LR_FIND_STEPS);
}
