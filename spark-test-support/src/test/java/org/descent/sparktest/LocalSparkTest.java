package org.descent.sparktest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared session works on loopback, and the assertions tolerate only what they should. */
class LocalSparkTest {
  @RegisterExtension static final LocalSpark SPARK = LocalSpark.withCores(2);

  @Test
  void sessionRunsJobsBoundToLoopback() {
    assertEquals("127.0.0.1", SPARK.session().conf().get("spark.driver.host"));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SPARK.session().sparkContext());
    assertEquals(10, jsc.parallelize(List.of(1, 2, 3, 4), 2).map(x -> x).reduce(Integer::sum));
  }

  @Test
  void dataFramesEqualWithinToleranceInAnyOrder() {
    Dataset<Row> a = SPARK.session().createDataset(List.of(1.0, 2.0), Encoders.DOUBLE()).toDF();
    Dataset<Row> b =
        SPARK.session().createDataset(List.of(2.0 + 1e-9, 1.0), Encoders.DOUBLE()).toDF();
    SparkAssertions.assertDataFrameEquals(a, b, 1e-6);
    Dataset<Row> c = SPARK.session().createDataset(List.of(1.0, 2.1), Encoders.DOUBLE()).toDF();
    assertThrows(AssertionError.class, () -> SparkAssertions.assertDataFrameEquals(a, c, 1e-6));
  }

  @Test
  void rddsEqualElementwiseWithinTolerance() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SPARK.session().sparkContext());
    SparkAssertions.assertRddEquals(
        jsc.parallelize(List.of(1.0f, 2.0f)), jsc.parallelize(List.of(1.0f, 2.0000001f)), 1e-5);
    assertThrows(
        AssertionError.class,
        () ->
            SparkAssertions.assertRddEquals(
                jsc.parallelize(List.of(1.0f)), jsc.parallelize(List.of(1.5f)), 1e-5));
  }
}
