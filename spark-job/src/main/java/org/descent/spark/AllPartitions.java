package org.descent.spark;

import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.rdd.RDD;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/** Submits a job over every partition of an RDD without waiting for it. */
final class AllPartitions {
  private AllPartitions() {}

  /**
   * Runs {@code perPartition} on every partition of {@code rdd}; Spark calls {@code handler} on the
   * driver with each partition's index and value as it arrives. The future's value is null.
   */
  static <T, U> SimpleFutureAction<Object> submit(
      RDD<T> rdd,
      AbstractFunction1<scala.collection.Iterator<T>, U> perPartition,
      AbstractFunction2<Object, U, BoxedUnit> handler) {
    List<Object> all =
        IntStream.range(0, rdd.getNumPartitions()).mapToObj(i -> (Object) i).toList();
    return rdd.context()
        .submitJob(
            rdd, perPartition, CollectionConverters.asScala(all).toSeq(), handler, new NoValue());
  }

  private static final class NoValue extends AbstractFunction0<Object> {
    @Override
    public Object apply() {
      return null;
    }
  }
}
