package org.descent.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The multi-level tree sum's bits: consecutive partitions grouped by Spark's treeAggregate level
 * rule, each group merged in partition order, the last level on the driver. Pinned on a case with
 * two shuffle levels and float values whose sum depends on the grouping.
 */
class OrderedTreeReduceTest {
  @RegisterExtension
  static final LocalSpark SPARK =
      LocalSpark.withCores(2).withKryo(DescentKryoRegistrator.class.getName());

  private static final int PARTITIONS = 64;
  private static final int DEPTH = 3;
  private static final int WIDTH = 9;

  /** The summed gradient's bits (their hash) and loss bits, as the tree gave them. */
  private static final int PINNED = -1986738626;

  private static final long PINNED_LOSS = 4622711593580709540L;

  /** Partition {@code p}'s result: non-integer floats of magnitudes 10⁻² to 10⁴. */
  static PartitionResult result(int p) {
    PartitionResult r = new PartitionResult(WIDTH, 0).reset(p);
    Random random = new Random(1000 + p);
    float[] g = r.sum().ownGradient();
    for (int j = 0; j < WIDTH; j++) {
      g[j] = (float) ((random.nextDouble() - 0.3) * Math.pow(10, (p + j) % 7 - 2));
    }
    r.sum().addLoss(random.nextDouble() / 3, 1 + p % 5, 1.0 / (1 + p % 3));
    return r;
  }

  @Test
  void aTwoLevelTreeSumsInItsOwnFixedOrder() {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(SPARK.session().sparkContext());
    JavaRDD<PartitionResult> results =
        sc.parallelize(IntStream.range(0, PARTITIONS).boxed().toList(), PARTITIONS)
            .map(OrderedTreeReduceTest::result);
    // A result size beyond spark.driver.maxResultSize forces the tree levels in local mode.
    OrderedTreeReduce reduce = new OrderedTreeReduce(sc.sc(), PARTITIONS, DEPTH, Long.MAX_VALUE);
    assertFalse(reduce.oneStage());
    PartitionResult sum = reduce.submit(results).await();

    // 64 partitions, depth 3: fan-in 4; 64 → 16 → 4 results, the last 4 merged on the driver.
    List<PartitionResult> level = new ArrayList<>();
    IntStream.range(0, PARTITIONS).forEach(p -> level.add(result(p)));
    for (int groups : new int[] {16, 4}) {
      List<PartitionResult> next = new ArrayList<>();
      for (int g = 0; g < groups; g++) {
        PartitionResult total = level.get(g * 4);
        for (int i = 1; i < 4; i++) {
          total.merge(level.get(g * 4 + i));
        }
        next.add(total);
      }
      level.clear();
      level.addAll(next);
    }
    PartitionResult expected = level.get(0);
    for (int i = 1; i < level.size(); i++) {
      expected.merge(level.get(i));
    }
    assertArrayEquals(bits(expected.sum().gradient()), bits(sum.sum().gradient()));
    assertEquals(expected.sum().loss(), sum.sum().loss());
    assertEquals(expected.sum().rows(), sum.sum().rows());
    assertEquals(0, sum.first());
    // The bits themselves, not only the order that gives them.
    assertEquals(PINNED, java.util.Arrays.hashCode(bits(sum.sum().gradient())));
    assertEquals(PINNED_LOSS, Double.doubleToLongBits(sum.sum().loss()));

    // The grouping matters: a flat sum in partition order has other bits.
    PartitionResult flat = result(0);
    IntStream.range(1, PARTITIONS).forEach(p -> flat.merge(result(p)));
    assertFalse(
        java.util.Arrays.equals(bits(flat.sum().gradient()), bits(sum.sum().gradient())),
        "the data should make the grouping visible in the bits");
  }

  private static int[] bits(float[] a) {
    int[] b = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      b[i] = Float.floatToIntBits(a[i]);
    }
    return b;
  }
}
