package org.descent.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.descent.config.Configuration;
import org.descent.config.ModelConfig;
import org.descent.config.TrainConfig;
import org.descent.data.DataSettings;
import org.descent.data.TrainingData;
import org.descent.io.HadoopFiles;
import org.descent.nn.Initializer;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.ps.FlatConfig;
import org.descent.ps.InvalidConfigException;
import org.descent.ps.ParameterServer;
import org.descent.ps.UpdateConfig;
import org.descent.ps.config.CommandKeys;
import org.descent.ps.config.TrainKeys;
import org.descent.ps.config.UpdateKeys;
import org.descent.ps.train.TrainingSettings;
import org.descent.report.Charts;
import org.descent.spark.LearningRateRangeTest;
import org.descent.spark.RangeTestCurve;

/**
 * {@code descent lr-find}: the learning-rate range test on the training data with the configured
 * network, optimiser and batch size, on Spark like {@code train}. Prints the suggested rate as the
 * last line; with {@code --out DIR} also writes {@code lr-find.csv} and {@code lr-find.png}.
 */
record LrFindCommand(CliOptions options, PrintStream out) {
  private static final String START = CommandKeys.LR_FIND_START.name();
  private static final String END = CommandKeys.LR_FIND_END.name();

  void run() {
    Configuration conf = options.conf();
    NetworkSpec spec = ModelConfig.networkSpec(conf);
    FlatConfig flat = conf.flat();
    double start = CommandKeys.LR_FIND_START.read(flat);
    double end = CommandKeys.LR_FIND_END.read(flat);
    if (!(end > start)) {
      throw new InvalidConfigException(
          END,
          END + "=" + end + " must be larger than " + START + "=" + start + " (e.g. 1e-7 and 10)");
    }
    int steps = CommandKeys.LR_FIND_STEPS.read(flat);
    TrainingSettings settings = TrainConfig.settings(flat);
    UpdateConfig update = UpdateConfig.fromMap(constantSchedule(conf));
    DataSettings dataSettings = DataSettings.fromMap(conf.asMap());

    SparkSession spark = SparkSessions.open(options.master(), "descent lr-find");
    try {
      TrainingData data = TrainingData.load(spark, dataSettings, spec);
      TrainCommand.checkBatchSize(settings, data);
      Network network = new Network(spec);
      ParameterServer server =
          new ParameterServer(
              network.layout(), Initializer.initialParameters(spec, settings.seed()), update);
      out.printf(
          Locale.ROOT,
          "descent: lr-find for %s with %s, batch %d: rate %.3g → %.3g over %d steps on %d rows%n",
          spec,
          update.optimizerName(),
          settings.batchSize(),
          start,
          end,
          steps,
          data.trainRows());
      RangeTestCurve curve =
          new LearningRateRangeTest(network, server, settings, start, end, steps)
              .aggregationDepth(TrainKeys.AGGREGATION_DEPTH.read(flat))
              .run(data.train(), data.targetScaling());
      data.unpersist();
      if (curve.points().isEmpty()) {
        throw new InvalidConfigException(
            START,
            "lr-find: the loss was not finite at the first step (rate "
                + start
                + "); check the data's scaling or lower "
                + START);
      }
      List<RangeTestCurve.Point> points = curve.points();
      RangeTestCurve.Point min = curve.minimum();
      if (curve.diverged()) {
        out.printf(
            Locale.ROOT,
            "stopped after %d steps at rate %.3g: the loss diverged (smoothed loss above %.0f× its"
                + " minimum, or not finite)%n",
            points.size(),
            points.get(points.size() - 1).learningRate(),
            LearningRateRangeTest.DIVERGENCE);
      } else if (min == points.get(points.size() - 1)) {
        out.println(
            "note: the loss was still falling at the last rate; raise "
                + END
                + " to see the minimum");
      }
      if (options.out() != null) {
        write(options.out(), curve, spark.sparkContext().hadoopConfiguration());
        out.println("wrote lr-find.csv and lr-find.png to " + options.out());
      }
      out.printf(
          Locale.ROOT,
          "suggested learning rate: %.3g (a tenth of %.3g, where the smoothed loss %.4f is"
              + " least)%n",
          curve.suggestion(),
          min.learningRate(),
          min.smoothedLoss());
    } finally {
      spark.stop();
    }
  }

  /** The range test sets the rate itself; a configured schedule (e.g. cosine) must not be built. */
  private static Map<String, String> constantSchedule(Configuration conf) {
    Map<String, String> map = new TreeMap<>(conf.asMap());
    map.put(UpdateKeys.SCHEDULE_NAME.name(), "constant");
    map.put(UpdateKeys.SCHEDULE_WARMUP_STEPS.name(), "0");
    return map;
  }

  static void write(String dir, RangeTestCurve curve, org.apache.hadoop.conf.Configuration hadoop) {
    List<RangeTestCurve.Point> points = curve.points();
    StringBuilder csv = new StringBuilder("step,learningRate,loss,smoothedLoss\n");
    double[] rate = new double[points.size()];
    double[] loss = new double[rate.length];
    double[] smooth = new double[rate.length];
    for (int i = 0; i < rate.length; i++) {
      RangeTestCurve.Point p = points.get(i);
      rate[i] = p.learningRate();
      loss[i] = p.loss();
      smooth[i] = p.smoothedLoss();
      csv.append(i + 1)
          .append(',')
          .append(p.learningRate())
          .append(',')
          .append(p.loss())
          .append(',')
          .append(p.smoothedLoss())
          .append('\n');
    }
    RangeTestCurve.Point near = nearest(points, curve.suggestion());
    byte[] png =
        Charts.lines(
            "Learning-rate range test",
            new Charts.Axes("learning rate (log scale)", "loss", true, false),
            List.of(
                new Charts.Series("minibatch loss", rate, loss),
                new Charts.Series("smoothed loss", rate, smooth),
                new Charts.Series(
                    String.format(Locale.ROOT, "suggested %.3g", curve.suggestion()),
                    new double[] {curve.suggestion()},
                    new double[] {near.smoothedLoss()})));
    String base = dir.replaceAll("/+$", "");
    byte[] csvBytes = csv.toString().getBytes(StandardCharsets.UTF_8);
    HadoopFiles.writeAtomically(new Path(base + "/lr-find.csv"), hadoop, o -> o.write(csvBytes));
    HadoopFiles.writeAtomically(new Path(base + "/lr-find.png"), hadoop, o -> o.write(png));
  }

  private static RangeTestCurve.Point nearest(List<RangeTestCurve.Point> points, double rate) {
    RangeTestCurve.Point best = points.get(0);
    for (RangeTestCurve.Point p : points) {
      if (Math.abs(Math.log(p.learningRate() / rate))
          < Math.abs(Math.log(best.learningRate() / rate))) {
        best = p;
      }
    }
    return best;
  }
}
