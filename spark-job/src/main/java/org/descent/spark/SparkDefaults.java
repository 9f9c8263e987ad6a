package org.descent.spark;

import org.apache.spark.SparkConf;

/**
 * The Spark settings Descent runs best with, applied where the user has not set them: by the CLI's
 * session (org.descent.cli.SparkSessions) and the benchmarks; conf/spark-defaults.conf lists the
 * same for spark-submit. docs/performance.md says why each one is there.
 */
public final class SparkDefaults {
  /**
   * JVM flags every executor starts with unless the cluster sets its own defaults: a metaspace
   * high-water mark above what an executor's classes take. At the JVM's default (≈ 21 MB) an
   * executor crosses it twice during the first epochs; each crossing is a concurrent GC cycle after
   * which G1 shrank the heap to 94 MB on the loopback cluster, and young pauses of 10-100 ms then
   * came every second or two, each one stalling the step (docs/performance.md, "GC pauses and JIT
   * warm-up"). Flags in {@code spark.executor.extraJavaOptions} come after these and win.
   */
  public static final String EXECUTOR_JAVA_OPTIONS = "-XX:MetaspaceSize=256m";

  private SparkDefaults() {}

  /** Sets every Descent default that {@code conf} does not already hold; returns {@code conf}. */
  public static SparkConf applyTo(SparkConf conf) {
    conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    conf.setIfMissing("spark.kryo.registrator", DescentKryoRegistrator.class.getName());
    // As many OpenBLAS threads as a task has cores (spark.task.cpus, 1 by default): Spark already
    // runs a task per core, and a task given C cores runs its GEMMs on C threads. (OpenBLAS may
    // pick other kernels for several threads, so the last bits can differ from a run with C = 1.)
    conf.setIfMissing(
        "spark.executorEnv.OPENBLAS_NUM_THREADS",
        Integer.toString(Math.max(1, conf.getInt("spark.task.cpus", 1))));
    // Weights are dense float arrays: compressing them costs CPU and saves little.
    conf.setIfMissing("spark.broadcast.compress", "false");
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    // A gradient result is 4 bytes a parameter. Above this size Spark parks a task's result in the
    // executor's block manager and the driver fetches it in a second round trip; up to 64 MiB
    // (16M parameters) results travel with the task's status message instead. (Spark caps it at
    // spark.rpc.message.maxSize, 128 MiB by default.)
    conf.setIfMissing("spark.task.maxDirectResultSize", "64m");
    conf.setIfMissing("spark.executor.defaultJavaOptions", EXECUTOR_JAVA_OPTIONS);
    return conf;
  }
}
