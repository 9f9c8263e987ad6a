package org.descent.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.descent.cli.SparkSessions;
import org.descent.config.Configuration;
import org.descent.config.ModelConfig;
import org.descent.config.TrainConfig;
import org.descent.data.DataSettings;
import org.descent.data.TrainingData;
import org.descent.nn.Blas;
import org.descent.nn.Initializer;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.ps.FlatConfig;
import org.descent.ps.ParameterServer;
import org.descent.ps.UpdateConfig;
import org.descent.ps.config.TrainKeys;
import org.descent.ps.train.DataBlock;
import org.descent.ps.train.TrainingSettings;
import org.descent.spark.DistributedTrainer;

/**
 * bench/fashion-mnist.sh: Descent and Spark MLlib's MultilayerPerceptronClassifier on Fashion-MNIST
 * in one JVM on the same data (pixels / 255). For each run: training seconds to 0.85 and to 0.88
 * test accuracy, final test accuracy, rows/s, and a line {@code result | RUN | s to 0.85 | s to
 * 0.88 | final | rows/s}. Reports; never asserts.
 *
 * <p>Descent: conf/fashion-mnist.properties as it stands (the data, including its
 * data.validationFraction, is loaded once for every run), with a run's overrides; run {@code
 * descent-default} has none. Each epoch is evaluated on the 10,000 test rows, so the accuracy per
 * epoch is the test accuracy. Time to an accuracy follows the PyTorch protocol
 * (bench/fashion-mnist-pytorch.py): the training time, i.e. the wall time of the epochs' step loops
 * (from the first step's start to the last step's end, shuffling, broadcasts, jobs and updates
 * included; data loading and the per-epoch evaluation excluded), at the end of the first epoch
 * whose test accuracy is at least the threshold. MLlib: one fit per maxIter checkpoint (independent
 * fits with the same seed; L-BFGS's path does not depend on maxIter), "seconds" = fit time of the
 * first checkpoint at or above the accuracy, rows/s = training rows × iterations / fit seconds of
 * the last checkpoint.
 *
 * <p>Arguments: {@code conf=conf/fashion-mnist.properties}, {@code runs=descent-default,...} where
 * a run is {@code descent-NAME} with overrides {@code NAME.key=value} (e.g. {@code
 * b2048.train.batchSize=2048}) or {@code mllib-784,128,10}; {@code mllibIters=25,50,100,200}.
 */
public final class FashionMnistBench {
  private FashionMnistBench() {}

  record Result(String name, double to85, double to88, double finalAccuracy, double rowsPerSecond) {
    String row() {
      return String.format(
          Locale.ROOT,
          "| %s | %s | %s | %.4f | %,.0f |",
          name,
          seconds(to85),
          seconds(to88),
          finalAccuracy,
          rowsPerSecond);
    }

    private static String seconds(double s) {
      return Double.isNaN(s) ? "not reached" : String.format(Locale.ROOT, "%.1f", s);
    }
  }

  public static void main(String[] args) {
    Map<String, String> a = BenchArgs.parse(args);
    Configuration base =
        Configuration.defaults()
            .withFile(Path.of(a.getOrDefault("conf", "conf/fashion-mnist.properties")));
    String master = a.getOrDefault("master", "local[2]");
    // The CLI's session: Descent's Spark defaults, loopback driver, no UI in local mode.
    SparkSession spark = SparkSessions.open(master, "descent fashion-mnist bench");
    NetworkSpec baseSpec = ModelConfig.networkSpec(base);
    TrainingData data = TrainingData.load(spark, DataSettings.fromMap(base.asMap()), baseSpec);
    JavaRDD<DataBlock> train = data.train(); // persisted by TrainingData
    JavaRDD<DataBlock> test = data.test();
    System.out.printf(
        Locale.ROOT,
        "master %s, BLAS %s (MLlib: %s), %d train / %d test rows, %d partitions, Spark %s%n",
        master,
        Blas.implementation(),
        dev.ludovic.netlib.blas.BLAS.getInstance().getClass().getSimpleName(),
        data.trainRows(),
        data.testRows(),
        train.getNumPartitions(),
        spark.version());

    List<Result> results = new ArrayList<>();
    for (String run : a.getOrDefault("runs", "descent-default").split(",(?=descent-|mllib-)")) {
      Result r =
          run.startsWith("mllib-")
              ? mllib(
                  spark,
                  train,
                  test,
                  run.substring(6),
                  a.getOrDefault("mllibIters", "25,50,100,200"))
              : descent(train, data.trainRows(), test, base, run.substring(8), a);
      results.add(r);
      System.out.println("result " + r.row());
    }
    System.out.println();
    System.out.println("| run | s to 0.85 | s to 0.88 | final test accuracy | rows/s |");
    System.out.println("|---|---|---|---|---|");
    results.forEach(r -> System.out.println(r.row()));
    ratios(results);
    spark.stop();
  }

  private static Result descent(
      JavaRDD<DataBlock> train,
      long trainRows,
      JavaRDD<DataBlock> test,
      Configuration base,
      String name,
      Map<String, String> args) {
    // A copy: Configuration.with overlays in place, and base must stay as loaded for later runs.
    Configuration run = base.copy();
    for (Map.Entry<String, String> e : args.entrySet()) {
      if (e.getKey().startsWith(name + ".")) {
        run.with(e.getKey().substring(name.length() + 1), e.getValue());
      }
    }
    FlatConfig f = run.flat();
    NetworkSpec spec = ModelConfig.networkSpec(run);
    TrainingSettings settings = TrainConfig.settings(f);
    Map<String, String> c = TrainConfig.withWholeRunSchedule(run, settings, trainRows);
    Network network = new Network(spec);
    ParameterServer server =
        new ParameterServer(
            network.layout(),
            Initializer.initialParameters(spec, settings.seed()),
            UpdateConfig.fromMap(c));
    // Training time as the PyTorch protocol counts it: each epoch's step loop from its first step's
    // start to its last step's end; the evaluation after the epoch is outside.
    double[] trainSeconds = {0};
    long[] trainedRows = {0};
    long[] epochLoop = {0, 0, 0}; // epoch, its first step's start, its last step's end (nanos)
    double[] reached = {Double.NaN, Double.NaN};
    double[] last = {0};
    System.out.printf(Locale.ROOT, "descent %s: %s%n", name, overrides(c, base.asMap()));
    new DistributedTrainer(network, server, settings)
        .logEvery((int) f.whole(TrainKeys.LOG_EVERY.name(), 0, 0))
        .onStep(
            s -> {
              long now = System.nanoTime();
              if (s.epoch() != epochLoop[0]) {
                epochLoop[0] = s.epoch();
                epochLoop[1] = now - s.stepNanos();
              }
              epochLoop[2] = now;
              trainedRows[0] += s.rows();
            })
        .onEpoch(
            m -> {
              trainSeconds[0] += (epochLoop[2] - epochLoop[1]) / 1e9;
              last[0] = m.validationAccuracy();
              if (Double.isNaN(reached[0]) && m.validationAccuracy() >= 0.85) {
                reached[0] = trainSeconds[0];
              }
              if (Double.isNaN(reached[1]) && m.validationAccuracy() >= 0.88) {
                reached[1] = trainSeconds[0];
              }
              System.out.printf(
                  Locale.ROOT,
                  "  epoch %2d: test accuracy %.4f after %.1f s of training (%,.0f rows/s)%n",
                  m.epoch(),
                  m.validationAccuracy(),
                  trainSeconds[0],
                  trainedRows[0] / trainSeconds[0]);
            })
        .train(train, test, null);
    return new Result(
        "descent-" + name, reached[0], reached[1], last[0], trainedRows[0] / trainSeconds[0]);
  }

  private static Result mllib(
      SparkSession spark,
      JavaRDD<DataBlock> train,
      JavaRDD<DataBlock> test,
      String layers,
      String iterations) {
    Dataset<Row> trainDf = frame(spark, train).cache();
    Dataset<Row> testDf = frame(spark, test).cache();
    long rows = trainDf.count();
    testDf.count();
    int[] widths = Arrays.stream(layers.split(",")).mapToInt(Integer::parseInt).toArray();
    double[] reached = {Double.NaN, Double.NaN};
    double accuracy = 0;
    double rowsPerSecond = 0;
    for (long iters : BenchArgs.longs(iterations)) {
      long start = System.nanoTime();
      MultilayerPerceptronClassificationModel model =
          new MultilayerPerceptronClassifier()
              .setLayers(widths)
              .setSolver("l-bfgs")
              .setMaxIter((int) iters)
              .setBlockSize(128)
              .setSeed(1)
              .fit(trainDf);
      double seconds = (System.nanoTime() - start) / 1e9;
      accuracy =
          new MulticlassClassificationEvaluator()
              .setMetricName("accuracy")
              .evaluate(model.transform(testDf));
      int done = model.summary().objectiveHistory().length - 1;
      rowsPerSecond = rows * (double) done / seconds;
      System.out.printf(
          Locale.ROOT,
          "  MLlib [%s] maxIter %d: %d iterations, fit %.1f s, test accuracy %.4f%n",
          layers,
          iters,
          done,
          seconds,
          accuracy);
      if (Double.isNaN(reached[0]) && accuracy >= 0.85) {
        reached[0] = seconds;
      }
      if (Double.isNaN(reached[1]) && accuracy >= 0.88) {
        reached[1] = seconds;
      }
    }
    trainDf.unpersist();
    testDf.unpersist();
    return new Result("mllib-" + layers, reached[0], reached[1], accuracy, rowsPerSecond);
  }

  /** (label, features) rows of the packed blocks, already scaled by 1/255. */
  private static Dataset<Row> frame(SparkSession spark, JavaRDD<DataBlock> blocks) {
    JavaRDD<Row> rows =
        blocks.flatMap(
            b -> {
              List<Row> out = new ArrayList<>(b.rows());
              for (int r = 0; r < b.rows(); r++) {
                double[] x = new double[b.width()];
                for (int j = 0; j < x.length; j++) {
                  x[j] = b.features()[r * b.width() + j];
                }
                out.add(RowFactory.create((double) b.targets()[r], Vectors.dense(x)));
              }
              return out.iterator();
            });
    StructType schema =
        new StructType()
            .add("label", DataTypes.DoubleType)
            .add("features", SQLDataTypes.VectorType());
    return spark.createDataFrame(rows, schema);
  }

  private static void ratios(List<Result> results) {
    Result descent =
        results.stream().filter(r -> r.name().startsWith("descent-")).findFirst().orElse(null);
    if (descent == null) {
      return;
    }
    System.out.println();
    for (Result r : results) {
      if (r == descent) {
        continue;
      }
      System.out.printf(
          Locale.ROOT,
          "%s vs %s: time to 0.85 %s, time to 0.88 %s, rows/s %.2f×%n",
          descent.name(),
          r.name(),
          ratio(r.to85(), descent.to85()),
          ratio(r.to88(), descent.to88()),
          descent.rowsPerSecond() / r.rowsPerSecond());
    }
  }

  private static String ratio(double other, double mine) {
    if (Double.isNaN(mine)) {
      return "n/a (Descent did not reach it)";
    }
    if (Double.isNaN(other)) {
      return "∞ (the other did not reach it)";
    }
    return String.format(Locale.ROOT, "%.1f× sooner", other / mine);
  }

  private static String overrides(Map<String, String> c, Map<String, String> base) {
    StringBuilder s = new StringBuilder();
    c.forEach(
        (k, v) -> {
          if (!v.equals(base.get(k)) || k.startsWith("optimizer") || k.startsWith("schedule")) {
            s.append(k).append('=').append(v).append(' ');
          }
        });
    return s.toString().trim();
  }
}
