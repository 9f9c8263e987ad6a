package org.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.descent.nn.Activation;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Load: a 10.2-million-parameter network (784-3584-2048-10, Adam) over 64 partitions on local[2]
 * trains 200 steps in a driver JVM of Spark's default driver memory (1g), and the driver heap after
 * a full GC does not grow with the number of steps: no weights broadcast, step record or metric is
 * kept per step beyond a few bytes. A leak check, not a timing. Not in the default suite; run with
 * {@code mvn -B -pl spark-job -am -Pload-test test} (docs/verification.md).
 */
@Tag("load")
class DriverHeapLoadTest {
  @RegisterExtension
  static final LocalSpark SPARK =
      LocalSpark.withCores(2).withKryo(DescentKryoRegistrator.class.getName());

  private static final int PARTITIONS = 64;
  private static final int STEPS = 200;
  private static final long MIB = 1 << 20;

  /** Allowed growth of the heap after GC from step 20 to step 200. */
  private static final long MARGIN = 64 * MIB;

  @Test
  void driverHeapAfterGcDoesNotGrowOver200Steps() {
    long max = Runtime.getRuntime().maxMemory();
    assertTrue(max <= 1100 * MIB, "run with -Xmx1g (the -Pload-test profile): max heap " + max);
    // -Ddescent.load.layers=… runs a smaller network on a machine that cannot hold this one.
    int[] widths =
        Arrays.stream(System.getProperty("descent.load.layers", "784,3584,2048,10").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    NetworkSpec spec = NetworkSpec.of(widths, Activation.RELU, Loss.SOFTMAX_CROSS_ENTROPY);
    Network network = new Network(spec);
    int parameters = network.layout().size();

    // 4 rows per partition, 1 per partition per step: 4 steps an epoch, 50 epochs.
    int rows = PARTITIONS * 4;
    int width = widths[0];
    SplittableRandom rng = new SplittableRandom(1);
    float[] x = new float[rows * width];
    float[] y = new float[rows];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    for (int i = 0; i < rows; i++) {
      y[i] = i % widths[widths.length - 1];
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(SPARK.session().sparkContext());
    JavaRDD<DataBlock> blocks =
        sc.parallelize(
            Arrays.asList(DataBlock.partition(new Dataset(x, y, rows, width, 1), PARTITIONS)),
            PARTITIONS);
    blocks.rdd().localCheckpoint();
    blocks.count();

    ParameterServer server =
        new ParameterServer(
            network.layout(),
            Initializer.initialParameters(spec, 3),
            UpdateConfig.fromMap(Map.of("optimizer.name", "adam", "optimizer.lr", "1e-4")));
    Map<Long, Long> heapAfterGc = new LinkedHashMap<>();
    long start = System.nanoTime();
    new DistributedTrainer(network, server, new TrainingSettings(STEPS / 4, PARTITIONS, 5, true, 0))
        .onStep(
            r -> {
              if (r.step() == 20 || r.step() == 100 || r.step() == STEPS) {
                heapAfterGc.put(r.step(), usedAfterGc());
              }
            })
        .train(blocks, null, null);
    assertEquals(STEPS, server.step());
    long at20 = heapAfterGc.get(20L);
    long at100 = heapAfterGc.get(100L);
    long at200 = heapAfterGc.get((long) STEPS);
    System.out.printf(
        "DriverHeapLoadTest: %,d parameters, %d partitions, %d steps in %.0f s, max heap %d MiB;"
            + " heap after GC at step 20: %.1f MiB, 100: %.1f MiB, 200: %.1f MiB%n",
        parameters,
        PARTITIONS,
        STEPS,
        (System.nanoTime() - start) / 1e9,
        max / MIB,
        at20 / (double) MIB,
        at100 / (double) MIB,
        at200 / (double) MIB);
    assertTrue(
        at200 - at20 <= MARGIN,
        "driver heap grew by " + (at200 - at20) / MIB + " MiB from step 20 to " + STEPS);
    assertTrue(
        at200 - at100 <= MARGIN / 2,
        "driver heap grew by " + (at200 - at100) / MIB + " MiB from step 100 to " + STEPS);
  }

  private static long usedAfterGc() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
