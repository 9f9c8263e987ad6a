package org.descent.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Sums one {@link PartitionResult} per partition like {@code treeReduce(depth)} — same level rule
 * as Spark's treeAggregate, so with few partitions it is a single stage — but always in partition
 * order: every merge sorts its inputs by first partition, so float rounding, and hence training, is
 * the same from run to run whatever order tasks finish in.
 */
final class OrderedTreeReduce {
  private OrderedTreeReduce() {}

  static PartitionResult sum(JavaRDD<PartitionResult> results, int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("train.aggregationDepth must be ≥ 1, got " + depth);
    }
    int parts = results.getNumPartitions();
    int scale = Math.max((int) Math.ceil(Math.pow(parts, 1.0 / depth)), 2);
    JavaRDD<PartitionResult> level = results;
    while (parts > scale + ceilDiv(parts, scale)) {
      int groups = ceilDiv(parts, scale);
      JavaRDD<Tuple2<Integer, PartitionResult>> keyed =
          level.mapPartitionsWithIndex((i, it) -> keyed(i / scale, it), false);
      level = JavaPairRDD.fromJavaRDD(keyed).groupByKey(groups).map(t -> inOrder(t._2()));
      parts = groups;
    }
    return inOrder(level.collect());
  }

  private static Iterator<Tuple2<Integer, PartitionResult>> keyed(
      int key, Iterator<PartitionResult> it) {
    List<Tuple2<Integer, PartitionResult>> out = new ArrayList<>(1);
    it.forEachRemaining(r -> out.add(new Tuple2<>(key, r)));
    return out.iterator();
  }

  private static PartitionResult inOrder(Iterable<PartitionResult> results) {
    List<PartitionResult> sorted = new ArrayList<>();
    results.forEach(sorted::add);
    if (sorted.isEmpty()) {
      throw new IllegalStateException("the training RDD has no partitions");
    }
    sorted.sort(Comparator.comparingInt(PartitionResult::first));
    PartitionResult total = sorted.get(0);
    for (int i = 1; i < sorted.size(); i++) {
      total.merge(sorted.get(i));
    }
    return total;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
