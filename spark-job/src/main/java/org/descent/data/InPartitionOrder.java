package org.descent.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntPredicate;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

/**
 * Merges an RDD's values in partition order, whatever order its tasks finish in. Spark's {@code
 * reduce}, {@code fold} and {@code treeAggregate} merge partition results on the driver as they
 * arrive, so a sum of doubles over three or more partitions can differ in its last bit from run to
 * run; this one merges each partition's values in their order, then the partitions' results in
 * groups of at most {@link #FAN_IN} consecutive partitions (on the executors when there are more
 * than that, sorted by first partition), the last level on the driver: the same bits every run.
 */
public final class InPartitionOrder {
  /** Partition results the driver (or one task of a level) merges at most. */
  static final int FAN_IN = 16;

  private InPartitionOrder() {}

  /**
   * The values of {@code rdd} merged by {@code merge} (which may update and return its first
   * argument) in partition order, and within a partition in iteration order; empty partitions are
   * skipped. Throws if every partition is empty.
   */
  public static <T> T merge(JavaRDD<T> rdd, Function2<T, T, T> merge) {
    return merge(rdd, merge, FAN_IN, parts -> parts > FAN_IN);
  }

  /**
   * As {@link #merge(JavaRDD, Function2)}, with levels of groups of {@code fanIn} consecutive
   * results added on the executors as long as {@code anotherLevel} holds for the count of results
   * (training's gradient sums follow Spark's treeAggregate rule for their depth).
   */
  public static <T> T merge(
      JavaRDD<T> rdd, Function2<T, T, T> merge, int fanIn, IntPredicate anotherLevel) {
    JavaRDD<Tuple2<Integer, T>> level =
        rdd.mapPartitionsWithIndex((i, it) -> folded(i, it, merge), false);
    int parts = rdd.getNumPartitions();
    while (anotherLevel.test(parts)) {
      int groups = (parts + fanIn - 1) / fanIn;
      level =
          JavaPairRDD.fromJavaRDD(level.map(t -> new Tuple2<>(t._1() / fanIn, t)))
              .groupByKey(groups)
              .map(g -> new Tuple2<>(g._1(), inOrder(g._2(), merge)));
      parts = groups;
    }
    List<Tuple2<Integer, T>> last = new ArrayList<>(level.collect());
    if (last.isEmpty()) {
      throw new IllegalStateException("no values to merge: every partition is empty");
    }
    try {
      return inOrder(last, merge);
    } catch (Exception e) {
      throw new IllegalStateException("merging partition results failed: " + e.getMessage(), e);
    }
  }

  private static <T> Iterator<Tuple2<Integer, T>> folded(
      int partition, Iterator<T> values, Function2<T, T, T> merge) throws Exception {
    if (!values.hasNext()) {
      return List.<Tuple2<Integer, T>>of().iterator();
    }
    T total = values.next();
    while (values.hasNext()) {
      total = merge.call(total, values.next());
    }
    return List.of(new Tuple2<>(partition, total)).iterator();
  }

  /** {@code results} (keyed by first partition) merged in the order of their keys. */
  private static <T> T inOrder(Iterable<Tuple2<Integer, T>> results, Function2<T, T, T> merge)
      throws Exception {
    List<Tuple2<Integer, T>> sorted = new ArrayList<>();
    results.forEach(sorted::add);
    sorted.sort(Comparator.comparingInt(t -> t._1()));
    T total = sorted.get(0)._2();
    for (int i = 1; i < sorted.size(); i++) {
      total = merge.call(total, sorted.get(i)._2());
    }
    return total;
  }
}
