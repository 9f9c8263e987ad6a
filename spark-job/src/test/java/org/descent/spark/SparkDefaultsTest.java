package org.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The settings Descent adds to a session the user has not configured them in. */
class SparkDefaultsTest {

  @Test
  void aTaskGetsOneOpenBlasThreadPerCoreItIsGiven() {
    assertEquals(
        "1",
        SparkDefaults.applyTo(new SparkConf(false)).get("spark.executorEnv.OPENBLAS_NUM_THREADS"));
    SparkConf fourCores = new SparkConf(false).set("spark.task.cpus", "4");
    assertEquals(
        "4", SparkDefaults.applyTo(fourCores).get("spark.executorEnv.OPENBLAS_NUM_THREADS"));
  }

  @Test
  void theUsersOwnSettingsStay() {
    SparkConf conf =
        new SparkConf(false)
            .set("spark.task.cpus", "4")
            .set("spark.executorEnv.OPENBLAS_NUM_THREADS", "2")
            .set("spark.serializer", "org.apache.spark.serializer.JavaSerializer");
    SparkDefaults.applyTo(conf);
    assertEquals("2", conf.get("spark.executorEnv.OPENBLAS_NUM_THREADS"));
    assertEquals("org.apache.spark.serializer.JavaSerializer", conf.get("spark.serializer"));
    assertEquals(DescentKryoRegistrator.class.getName(), conf.get("spark.kryo.registrator"));
  }
}
