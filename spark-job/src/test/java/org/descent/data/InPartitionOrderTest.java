package org.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Values merged in partition order whatever order tasks finish in. The merge here is string
 * concatenation, which is not commutative, so any other order shows in the result.
 */
class InPartitionOrderTest {
  @RegisterExtension static final LocalSpark SPARK = LocalSpark.withCores(2);

  private static JavaRDD<String> numbers(int values, int partitions) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(SPARK.session().sparkContext());
    List<String> list = IntStream.range(0, values).mapToObj(Integer::toString).toList();
    return sc.parallelize(list, partitions);
  }

  private static String expected(int values) {
    return IntStream.range(0, values).mapToObj(Integer::toString).collect(Collectors.joining(","));
  }

  @Test
  void fewPartitionsAreMergedOnTheDriverInPartitionOrder() {
    assertEquals(expected(50), InPartitionOrder.merge(numbers(50, 7), (a, b) -> a + "," + b));
  }

  @Test
  void manyPartitionsAreMergedInLevelsAndStillInPartitionOrder() {
    // 300 partitions: two levels of groups of 16 on the executors, then the driver.
    int partitions = 300;
    assertEquals(
        expected(1000), InPartitionOrder.merge(numbers(1000, partitions), (a, b) -> a + "," + b));
  }

  @Test
  void emptyPartitionsAreSkipped() {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(SPARK.session().sparkContext());
    List<String> three = new ArrayList<>(List.of("a", "b", "c"));
    // 20 partitions for 3 values: most are empty, across more than one level.
    assertEquals("a,b,c", InPartitionOrder.merge(sc.parallelize(three, 20), (a, b) -> a + "," + b));
  }

  @Test
  void nothingToMergeIsAnError() {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(SPARK.session().sparkContext());
    assertThrows(
        IllegalStateException.class,
        () -> InPartitionOrder.merge(sc.parallelize(List.<String>of(), 3), (a, b) -> a + b));
  }
}
