package org.descent.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.descent.spark.StepRecord;

/**
 * A one-line console progress bar for the current epoch, redrawn in place on a terminal (and silent
 * when output goes to a file or a pipe, where the per-epoch lines and the log suffice).
 */
final class ProgressBar {
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final boolean enabled;
  private final int stepsPerEpoch;
  private long lastDraw;

  ProgressBar(PrintStream out, boolean enabled, int stepsPerEpoch) {
    this.out = out;
    this.enabled = enabled && stepsPerEpoch > 0;
    this.stepsPerEpoch = stepsPerEpoch;
  }

  /** A terminal is attached (both stdin/stdout are a console). */
  static boolean onTerminal() {
    return System.console() != null;
  }

  void step(StepRecord r) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    int inEpoch = (int) ((r.step() - 1) % stepsPerEpoch) + 1;
    if (now - lastDraw < 100_000_000L && inEpoch != stepsPerEpoch) {
      return; // at most ten redraws a second
    }
    lastDraw = now;
    out.print(line(r.epoch(), inEpoch, stepsPerEpoch, r.loss(), r.rows(), r.stepNanos()));
    out.flush();
  }

  /** Clears the bar before a normal line is printed. */
  void clear() {
    if (enabled) {
      out.print("\r" + " ".repeat(WIDTH + 60) + "\r");
    }
  }

  static String line(int epoch, int step, int steps, double loss, long rows, long stepNanos) {
    int filled = (int) ((long) WIDTH * step / steps);
    String bar =
        "=".repeat(filled)
            + (filled < WIDTH ? ">" : "")
            + " ".repeat(Math.max(0, WIDTH - filled - 1));
    double rowsPerSecond = stepNanos > 0 ? rows * 1e9 / stepNanos : 0;
    return String.format(
        Locale.ROOT,
        "\repoch %d [%s] %d/%d  loss %.4f  %.0f rows/s",
        epoch,
        bar,
        step,
        steps,
        loss,
        rowsPerSecond);
  }
}
