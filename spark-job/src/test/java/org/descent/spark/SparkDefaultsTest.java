package org.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
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
  void executorsStartAboveTheMetaspaceMarkTheirClassesPass() {
    assertEquals(
        "-XX:MetaspaceSize=256m",
        SparkDefaults.applyTo(new SparkConf(false)).get("spark.executor.defaultJavaOptions"));
  }

  @Test
  void theSubmitScriptsPropertiesGiveExecutorsTheSameJvmDefaults() throws IOException {
    Properties file = new Properties();
    try (Reader in =
        Files.newBufferedReader(
            Path.of("..", "conf", "spark-defaults.conf"), StandardCharsets.UTF_8)) {
      file.load(in);
    }
    assertEquals(
        SparkDefaults.EXECUTOR_JAVA_OPTIONS, file.getProperty("spark.executor.defaultJavaOptions"));
  }

  @Test
  void theUsersOwnSettingsStay() {
    SparkConf conf =
        new SparkConf(false)
            .set("spark.task.cpus", "4")
            .set("spark.executorEnv.OPENBLAS_NUM_THREADS", "2")
            .set("spark.serializer", "org.apache.spark.serializer.JavaSerializer")
            .set("spark.executor.defaultJavaOptions", "-XX:+UseParallelGC");
    SparkDefaults.applyTo(conf);
    assertEquals("-XX:+UseParallelGC", conf.get("spark.executor.defaultJavaOptions"));
    assertEquals("2", conf.get("spark.executorEnv.OPENBLAS_NUM_THREADS"));
    assertEquals("org.apache.spark.serializer.JavaSerializer", conf.get("spark.serializer"));
    assertEquals(DescentKryoRegistrator.class.getName(), conf.get("spark.kryo.registrator"));
  }
}
