package org.descent.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.ToLongFunction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.descent.cli.SparkSessions;
import org.descent.nn.Activation;
import org.descent.nn.Blas;
import org.descent.nn.Initializer;
import org.descent.nn.Loss;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.ps.ParameterServer;
import org.descent.ps.UpdateConfig;
import org.descent.ps.config.UpdateKeys;
import org.descent.ps.train.DataBlock;
import org.descent.ps.train.Dataset;
import org.descent.ps.train.TrainingSettings;
import org.descent.spark.DistributedTrainer;
import org.descent.spark.StepRecord;

/**
 * bench/step-overhead.sh: Descent's step time split into broadcast, scheduling, compute, aggregate
 * and update for models of about 1e3 … 1e7 parameters and several partition counts, beside the
 * latency of an empty Spark job with as many partitions, measured in the same JVM. Models are [32,
 * h, 10] MLPs with 4 rows per partition and step, so compute is small and the rest is what Descent
 * and Spark cost; {@code rows=256} gives each partition a real minibatch instead (batch 512 over 2
 * partitions), to see the overhead's share of a whole step. Prints a Markdown table; reports, never
 * asserts.
 *
 * <p>Arguments (all optional, key=value): {@code master=local[2]}, {@code
 * params=1000,100000,1000000,10000000}, {@code partitions=2,8,32}, {@code steps=60} (per cell; a
 * 1e7 cell runs a quarter as many), {@code emptyJobs=200}, {@code depth=2}, {@code rows=4}, {@code
 * paths=jobs,resident}, {@code input=32} (784 makes the first layer's GEMMs as efficient as a real
 * model's, so the compute a step is measured against is not inflated by thin matrices).
 */
public final class StepOverheadBench {
  private static final int CLASSES = 10;
  private static final int WARM_UP_STEPS = 5;

  private StepOverheadBench() {}

  public static void main(String[] args) {
    Map<String, String> a = BenchArgs.parse(args);
    String master = a.getOrDefault("master", "local[2]");
    long[] params = BenchArgs.longs(a.getOrDefault("params", "1000,100000,1000000,10000000"));
    long[] partitions = BenchArgs.longs(a.getOrDefault("partitions", "2,8,32"));
    int steps = Integer.parseInt(a.getOrDefault("steps", "60"));
    int emptyJobs = Integer.parseInt(a.getOrDefault("emptyJobs", "200"));
    int depth = Integer.parseInt(a.getOrDefault("depth", "2"));
    int rowsPerPartition = Integer.parseInt(a.getOrDefault("rows", "4"));
    int input = Integer.parseInt(a.getOrDefault("input", "32"));
    List<String> paths = List.of(a.getOrDefault("paths", "jobs,resident").split(","));

    // The CLI's session: Descent's Spark defaults, loopback driver, no UI in local mode.
    SparkSession spark = SparkSessions.open(master, "descent step-overhead bench");
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    System.out.printf(
        Locale.ROOT,
        "master %s, BLAS %s, aggregation depth %d, [%d, h, 10] networks, %d rows per partition,"
            + " %d steps per cell"
            + " (medians after %d warm-up steps), Spark %s%n",
        master,
        Blas.implementation(),
        depth,
        input,
        rowsPerPartition,
        steps,
        WARM_UP_STEPS,
        spark.version());
    // Warm the JIT and Spark's code paths once before anything is timed.
    cell(sc, 100_000, 2, 40, depth, input, 4, false);
    cell(sc, 100_000, 2, 40, depth, input, 4, true);
    emptyJob(sc, 2, 50);

    List<String> rows = new ArrayList<>();
    for (long p : partitions) {
      double empty = emptyJob(sc, (int) p, emptyJobs);
      for (long n : params) {
        int cellSteps = n >= 5_000_000 ? Math.max(steps / 4, 10) : steps;
        // A job per step (what clusters do); in local mode with a task slot per partition also
        // the default, an epoch's steps run by resident tasks.
        for (boolean resident : new boolean[] {false, true}) {
          if (!paths.contains(resident ? "resident" : "jobs")) {
            continue;
          }
          Cell c = cell(sc, n, (int) p, cellSteps, depth, input, rowsPerPartition, resident);
          if (c != null) {
            rows.add(c.row(empty));
            System.out.println(rows.get(rows.size() - 1));
          }
        }
      }
    }
    System.out.println();
    System.out.println(
        "| parameters | partitions | steps as | step ms | broadcast | scheduling | compute | aggregate |"
            + " update | overhead (step − compute) | overhead / step | empty job ms | overhead /"
            + " empty job |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    rows.forEach(System.out::println);
    spark.stop();
  }

  /** Median wall time of {@code parallelize(1..p, p).foreach(noop)}, in ms. */
  static double emptyJob(JavaSparkContext sc, int p, int times) {
    List<Integer> values = new ArrayList<>();
    for (int i = 1; i <= p; i++) {
      values.add(i);
    }
    JavaRDD<Integer> rdd = sc.parallelize(values, p);
    long[] t = new long[times];
    for (int i = 0; i < times; i++) {
      long start = System.nanoTime();
      rdd.foreach(x -> {});
      t[i] = System.nanoTime() - start;
    }
    return median(t) / 1e6;
  }

  /**
   * Null when {@code resident} steps are asked for and not possible (more partitions than cores).
   */
  private static Cell cell(
      JavaSparkContext sc,
      long parameters,
      int partitions,
      int steps,
      int d,
      int input,
      int rowsPerPartition,
      boolean resident) {
    int hidden = (int) Math.max(1, (parameters - CLASSES) / (input + 1 + CLASSES));
    NetworkSpec spec =
        NetworkSpec.of(
            new int[] {input, hidden, CLASSES}, Activation.RELU, Loss.SOFTMAX_CROSS_ENTROPY);
    int batch = partitions * rowsPerPartition;
    int total = steps + WARM_UP_STEPS;
    int rows = batch * total;
    Random r = new Random(1);
    float[] x = new float[rows * input];
    float[] y = new float[rows];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat();
    }
    for (int i = 0; i < rows; i++) {
      y[i] = r.nextInt(CLASSES);
    }
    JavaRDD<DataBlock> blocks =
        sc.parallelize(
            Arrays.asList(DataBlock.partition(new Dataset(x, y, rows, input, 1), partitions)),
            partitions);
    blocks.rdd().localCheckpoint();
    blocks.count();
    if (resident && !DistributedTrainer.residentTasksPossible(blocks)) {
      blocks.unpersist(true);
      return null;
    }
    Network network = new Network(spec);
    ParameterServer server =
        new ParameterServer(
            network.layout(),
            Initializer.initialParameters(spec, 1),
            UpdateConfig.fromMap(
                Map.of(
                    UpdateKeys.OPTIMIZER_NAME.name(),
                    "adam",
                    UpdateKeys.OPTIMIZER_LR.name(),
                    "0.001")));
    List<StepRecord> records =
        new DistributedTrainer(network, server, new TrainingSettings(1, batch, 1, true, 0))
            .aggregationDepth(d)
            .stepTransport(resident ? "auto" : "jobs")
            .logEvery(0)
            .train(blocks, null, null)
            .steps();
    blocks.unpersist(true);
    return new Cell(
        network.layout().size(), partitions, resident, records.subList(WARM_UP_STEPS, total));
  }

  private record Cell(long parameters, int partitions, boolean resident, List<StepRecord> steps) {
    String row(double emptyJobMs) {
      double overhead = ms(StepRecord::overheadNanos);
      return String.format(
          Locale.ROOT,
          "| %,d | %d | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f | %.1f %% | %.1f | %.2f"
              + " |",
          parameters,
          partitions,
          resident ? "resident tasks" : "a job each",
          ms(StepRecord::stepNanos),
          ms(StepRecord::broadcastNanos),
          ms(StepRecord::schedulingNanos),
          ms(StepRecord::computeNanos),
          ms(StepRecord::aggregateNanos),
          ms(StepRecord::updateNanos),
          overhead,
          100 * overhead / ms(StepRecord::stepNanos),
          emptyJobMs,
          overhead / emptyJobMs);
    }

    private double ms(ToLongFunction<StepRecord> f) {
      return median(steps.stream().mapToLong(f).toArray()) / 1e6;
    }
  }

  static double median(long[] v) {
    long[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
  }
}
