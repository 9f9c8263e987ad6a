package org.descent.spark;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.ToLongFunction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.descent.nn.Activation;
import org.descent.nn.Blas;
import org.descent.nn.Initializer;
import org.descent.nn.Loss;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.ps.ParameterServer;
import org.descent.ps.UpdateConfig;
import org.descent.ps.train.DataBlock;
import org.descent.ps.train.Dataset;
import org.descent.ps.train.TrainingSettings;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reports (does not assert) the per-step overhead on local[2]: a [784,256,128,10] MLP, global batch
 * 512 over 2 partitions of random data, against the latency of an empty job in the same JVM. Runs
 * only with {@code -Ddescent.bench=true}.
 */
@EnabledIfSystemProperty(named = "descent.bench", matches = "true")
class DistributedStepOverheadBench {
  @RegisterExtension
  static final LocalSpark SPARK =
      LocalSpark.withCores(2).withKryo(DescentKryoRegistrator.class.getName());

  @Test
  void stepOverhead() {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(SPARK.session().sparkContext());
    int rows = 512 * 50;
    Random r = new Random(1);
    float[] x = new float[rows * 784];
    float[] y = new float[rows];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat();
    }
    for (int i = 0; i < rows; i++) {
      y[i] = r.nextInt(10);
    }
    Dataset data = new Dataset(x, y, rows, 784, 1);
    // Local checkpoint: the tasks then ship tiny partitions, not the parallelized blocks.
    JavaRDD<DataBlock> rdd = sc.parallelize(Arrays.asList(DataBlock.partition(data, 2)), 2);
    rdd.rdd().localCheckpoint();
    rdd.count();
    JavaRDD<Integer> tiny = sc.parallelize(List.of(1, 2), 2);
    NetworkSpec spec =
        NetworkSpec.of(new int[] {784, 256, 128, 10}, Activation.RELU, Loss.SOFTMAX_CROSS_ENTROPY);
    System.out.println("BLAS: " + Blas.implementation());
    for (int round = 0; round < 3; round++) {
      long[] empty = new long[100];
      for (int i = 0; i < empty.length; i++) {
        long t = System.nanoTime();
        tiny.count();
        empty[i] = System.nanoTime() - t;
      }
      ParameterServer ps =
          new ParameterServer(
              new Network(spec).layout(),
              Initializer.initialParameters(spec, 1),
              UpdateConfig.fromMap(Map.of("optimizer.name", "adam", "optimizer.lr", "0.001")));
      List<StepRecord> steps =
          new DistributedTrainer(new Network(spec), ps, new TrainingSettings(2, 512, 1, true, 0))
              .logEvery(0)
              .train(rdd, null, null)
              .steps();
      float[] g = new float[ps.weights().length];
      for (int i = 0; i < g.length; i++) {
        g[i] = (float) r.nextGaussian();
      }
      long[] apply = new long[50];
      for (int i = 0; i < apply.length; i++) {
        long t = System.nanoTime();
        ps.apply(g, 512);
        apply[i] = System.nanoTime() - t;
      }
      System.out.printf(
          Locale.ROOT,
          "round %d: ParameterServer.apply alone median %.2f ms; empty job count() median %.2f ms (p90 %.2f); %d steps: step %s, compute %s,"
              + " overhead %s, broadcast %s, aggregate %s, update %s  [median (p90) ms]%n",
          round,
          median(apply) / 1e6,
          median(empty) / 1e6,
          p90(empty) / 1e6,
          steps.size(),
          stat(steps, StepRecord::stepNanos),
          stat(steps, StepRecord::computeNanos),
          stat(steps, StepRecord::overheadNanos),
          stat(steps, StepRecord::broadcastNanos),
          stat(steps, StepRecord::aggregateNanos),
          stat(steps, StepRecord::updateNanos));
    }
    rdd.unpersist(true);
  }

  private static String stat(List<StepRecord> steps, ToLongFunction<StepRecord> f) {
    long[] v = steps.stream().skip(5).mapToLong(f).toArray();
    return String.format(Locale.ROOT, "%.2f (%.2f)", median(v) / 1e6, p90(v) / 1e6);
  }

  private static double median(long[] v) {
    long[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static double p90(long[] v) {
    long[] s = v.clone();
    Arrays.sort(s);
    return s[(int) (s.length * 0.9)];
  }
}
