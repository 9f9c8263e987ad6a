package org.descent.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.descent.config.SecretKeys;
import org.descent.nn.NetworkSummary;
import org.descent.ps.LearningRateSchedule;
import org.descent.ps.train.EpochMetrics;
import org.descent.spark.StepRecord;

/**
 * {@code report.html} of {@code descent train}: the run's summary, loss per step and per epoch,
 * accuracy (classifiers) or R² and MSE (regression) per epoch, the learning rate per step, the
 * step-time breakdown per epoch, the confusion matrix (classifiers), the network summary and the
 * effective configuration with secrets masked. Each part is a {@code <section>} with a stable id
 * (see {@link #SECTIONS}).
 */
public final class TrainingReport {
  /** Section ids in page order; classifiers have no "regression", regression no "confusion". */
  public static final List<String> SECTIONS =
      List.of(
          "summary",
          "loss-per-step",
          "loss-per-epoch",
          "accuracy",
          "regression",
          "learning-rate",
          "step-time",
          "confusion",
          "network",
          "configuration");

  /**
   * What the page shows.
   *
   * @param steps every step of the run (this process's steps when resumed)
   * @param history every epoch, including those before a resume
   * @param schedule the learning rate as a function of the step
   * @param config every configuration key with its effective value (secrets are masked here)
   * @param configSources where each value came from; a missing key means "defaults"
   * @param summary the fields of summary.json (nested maps are flattened to {@code a.b})
   * @param confusion null for regression, or when there was no split to count on
   */
  public record Run(
      String title,
      boolean classifier,
      List<StepRecord> steps,
      List<EpochMetrics> history,
      LearningRateSchedule schedule,
      NetworkSummary network,
      Map<String, String> config,
      Map<String, String> configSources,
      Map<String, Object> summary,
      ConfusionMatrix confusion) {}

  private TrainingReport() {}

  public static ReportPage page(Run run) {
    ReportPage page = new ReportPage(run.title());
    page.section("summary", "Run");
    List<List<String>> rows = new ArrayList<>();
    flatten("", run.summary(), rows);
    page.table(List.of("field", "value"), rows);

    page.section("loss-per-step", "Loss per step");
    if (run.steps().isEmpty()) {
      page.note("No steps ran in this process.");
    } else {
      double[] step = column(run.steps(), StepRecord::step);
      double[] loss = column(run.steps(), StepRecord::loss);
      lineChart(
          page,
          "minibatch loss per step",
          "Minibatch loss",
          "step",
          "loss",
          new Charts.Series("minibatch", step, loss),
          new Charts.Series("moving average", step, movingAverage(loss)));
      page.note(
          "The mean data loss of each global minibatch at the weights before its update;"
              + " the moving average is over "
              + window(loss.length)
              + " steps.");
    }

    List<EpochMetrics> h = run.history();
    double[] epoch = column(h, m -> m.epoch());
    page.section("loss-per-epoch", "Loss per epoch");
    lineChart(
        page,
        "train and validation loss per epoch",
        "Loss per epoch",
        "epoch",
        "loss",
        new Charts.Series("train", epoch, column(h, EpochMetrics::trainLoss)),
        new Charts.Series("validation", epoch, column(h, EpochMetrics::validationLoss)));
    boolean validated = anyFinite(column(h, EpochMetrics::validationLoss));
    if (!validated) {
      page.note("No validation split (data.validationFraction=0): training loss only.");
    }

    if (run.classifier()) {
      page.section("accuracy", "Validation accuracy per epoch");
      double[] accuracy = column(h, EpochMetrics::validationAccuracy);
      if (anyFinite(accuracy)) {
        lineChart(
            page,
            "validation accuracy per epoch",
            "Validation accuracy",
            "epoch",
            "accuracy",
            new Charts.Series("validation", epoch, accuracy));
      } else {
        page.note("No validation split, so no accuracy per epoch.");
      }
    } else {
      page.section("regression", "Validation R² and MSE per epoch");
      double[] r2 = column(h, EpochMetrics::validationR2);
      if (anyFinite(r2)) {
        lineChart(
            page,
            "validation R² per epoch",
            "Validation R²",
            "epoch",
            "R²",
            new Charts.Series("validation", epoch, r2));
        lineChart(
            page,
            "validation MSE per epoch",
            "Validation MSE (original units)",
            "epoch",
            "MSE",
            new Charts.Series("validation", epoch, column(h, EpochMetrics::validationMse)));
      } else {
        page.note("No validation split, so no R² or MSE per epoch.");
      }
    }

    page.section("learning-rate", "Learning rate");
    if (!run.steps().isEmpty()) {
      double[] step = column(run.steps(), StepRecord::step);
      double[] lr = column(run.steps(), s -> run.schedule().lr(s.step()));
      lineChart(
          page,
          "learning rate per step",
          "Learning rate",
          "step",
          "learning rate",
          new Charts.Series("learning rate", step, lr));
    }
    page.note("Schedule: " + run.schedule().settings());

    page.section("step-time", "Step time");
    stepTime(page, run.steps());

    if (run.classifier()) {
      page.section("confusion", "Confusion matrix");
      if (run.confusion() == null) {
        page.note("No validation or test split to count predictions on.");
      } else {
        ConfusionMatrix c = run.confusion();
        page.paragraph(
            String.format(
                Locale.ROOT,
                "On the %s split (%d rows, accuracy %.4f): rows are the actual class, columns the"
                    + " predicted one; shading is the share of the row.",
                c.split(),
                c.total(),
                c.accuracy()));
        page.rawHtml(c.html());
      }
    }

    page.section("network", "Network");
    List<List<String>> layers = new ArrayList<>();
    for (NetworkSummary.Row r : run.network().rows()) {
      layers.add(
          List.of(r.layer(), Integer.toString(r.outputWidth()), Long.toString(r.parameters())));
    }
    NetworkSummary net = run.network();
    boolean tied = net.untiedParameters() != net.totalParameters();
    layers.add(List.of(tied ? "total (owned)" : "total", "", Long.toString(net.totalParameters())));
    if (tied) {
      layers.add(List.of("untied (no sharing)", "", Long.toString(net.untiedParameters())));
    }
    page.table(List.of("layer", "output width", "parameters"), layers);

    page.section("configuration", "Configuration");
    List<List<String>> keys = new ArrayList<>();
    SecretKeys.masked(run.config())
        .forEach(
            (k, v) -> keys.add(List.of(k, v, run.configSources().getOrDefault(k, "defaults"))));
    page.table(List.of("key", "value", "from"), keys);
    page.note("Values of keys containing secret, password or token are masked.");
    return page;
  }

  /** The parts of a step, as {@link StepRecord} splits it; they add up to the step time. */
  private static final String[] STEP_PARTS = {
    "broadcast", "scheduling", "compute (slowest task)", "aggregate", "update"
  };

  private static double[] partsMillis(StepRecord s) {
    return new double[] {
      s.broadcastNanos() / 1e6,
      s.schedulingNanos() / 1e6,
      s.computeNanos() / 1e6,
      s.aggregateNanos() / 1e6,
      s.updateNanos() / 1e6
    };
  }

  /** Mean milliseconds of each part of the step in each epoch, stacked, and the run's shares. */
  private static void stepTime(ReportPage page, List<StepRecord> steps) {
    if (steps.isEmpty()) {
      page.note("No steps ran in this process.");
      return;
    }
    int k = STEP_PARTS.length;
    List<String> epochs = new ArrayList<>();
    List<double[]> sums = new ArrayList<>(); // per epoch: each part's sum, then the step count
    int current = Integer.MIN_VALUE;
    for (StepRecord s : steps) {
      if (s.epoch() != current) {
        current = s.epoch();
        epochs.add(Integer.toString(current));
        sums.add(new double[k + 1]);
      }
      double[] sum = sums.get(sums.size() - 1);
      double[] parts = partsMillis(s);
      for (int p = 0; p < k; p++) {
        sum[p] += parts[p];
      }
      sum[k]++;
    }
    List<Charts.Series> series = new ArrayList<>();
    double[] whole = new double[k];
    for (int p = 0; p < k; p++) {
      double[] mean = new double[epochs.size()];
      for (int e = 0; e < mean.length; e++) {
        mean[e] = sums.get(e)[p] / sums.get(e)[k];
        whole[p] += sums.get(e)[p];
      }
      series.add(new Charts.Series(STEP_PARTS[p], new double[mean.length], mean));
    }
    page.image(
        "mean step time per epoch, split into " + String.join(", ", STEP_PARTS),
        Charts.stackedBars(
            "Mean step time per epoch",
            Charts.Axes.linear("epoch", "milliseconds"),
            epochs,
            series));
    double total = java.util.Arrays.stream(whole).sum();
    StringBuilder shares = new StringBuilder("Over all " + steps.size() + " steps: ");
    for (int p = 0; p < k; p++) {
      String name = STEP_PARTS[p].replace(" (slowest task)", "");
      shares.append(String.format(Locale.ROOT, "%s %.1f%%, ", name, 100 * whole[p] / total));
    }
    shares.setLength(shares.length() - 2);
    shares.append(String.format(Locale.ROOT, " of %.1f ms per step.", total / steps.size()));
    page.paragraph(shares.toString());
  }

  /** A centred moving average over {@link #window} points (shorter at the ends). */
  static double[] movingAverage(double[] y) {
    int half = window(y.length) / 2;
    double[] out = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      double sum = 0;
      int n = 0;
      for (int j = Math.max(0, i - half); j <= Math.min(y.length - 1, i + half); j++) {
        if (Double.isFinite(y[j])) {
          sum += y[j];
          n++;
        }
      }
      out[i] = n == 0 ? Double.NaN : sum / n;
    }
    return out;
  }

  private static int window(int points) {
    return Math.max(1, Math.min(101, points / 20)) | 1;
  }

  /** {@code f} of each row: an epoch's or a step's metric as a chart's coordinates. */
  private static <T> double[] column(List<T> rows, java.util.function.ToDoubleFunction<T> f) {
    return rows.stream().mapToDouble(f).toArray();
  }

  /** An image of the lines of {@code series} (linear axes), as every line chart of the page. */
  private static void lineChart(
      ReportPage page, String caption, String title, String x, String y, Charts.Series... series) {
    page.image(caption, Charts.lines(title, Charts.Axes.linear(x, y), List.of(series)));
  }

  private static boolean anyFinite(double[] v) {
    return java.util.Arrays.stream(v).anyMatch(Double::isFinite);
  }

  @SuppressWarnings("unchecked")
  private static void flatten(String prefix, Map<String, Object> map, List<List<String>> rows) {
    map.forEach(
        (k, v) -> {
          if (v instanceof Map<?, ?> m) {
            flatten(prefix + k + ".", (Map<String, Object>) m, rows);
          } else {
            rows.add(List.of(prefix + k, format(v)));
          }
        });
  }

  private static String format(Object v) {
    if (v instanceof Double d) {
      return Double.isFinite(d) ? String.format(Locale.ROOT, "%.6g", d) : "–";
    }
    return String.valueOf(v);
  }
}
