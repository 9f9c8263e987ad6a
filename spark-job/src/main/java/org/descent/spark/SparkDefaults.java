package org.descent.spark;

import org.apache.spark.SparkConf;

/**
 * The Spark settings Descent runs best with, applied where the user has not set them: by the CLI's
 * session (org.descent.cli.SparkSessions) and the benchmarks; conf/spark-defaults.conf lists the
 * same for spark-submit. docs/performance.md says why each one is there.
 */
public final class SparkDefaults {
  private SparkDefaults() {}

  /** Sets every Descent default that {@code conf} does not already hold; returns {@code conf}. */
  public static SparkConf applyTo(SparkConf conf) {
    conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    conf.setIfMissing("spark.kryo.registrator", DescentKryoRegistrator.class.getName());
    // One OpenBLAS thread per task: Spark already runs one task per core.
    conf.setIfMissing("spark.executorEnv.OPENBLAS_NUM_THREADS", "1");
    // Weights are dense float arrays: compressing them costs CPU and saves little.
    conf.setIfMissing("spark.broadcast.compress", "false");
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    return conf;
  }
}
