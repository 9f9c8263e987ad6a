package org.descent.spark;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.rdd.RDD;
import org.descent.ps.InvalidConfigException;
import org.descent.ps.config.TrainKeys;

/**
 * How a run's steps reach the tasks and come back, chosen once per run ({@value #KEY}):
 *
 * <ul>
 *   <li>{@link #MEMORY} — local mode: an epoch is one job of resident tasks that meet the driver in
 *       memory ({@link StepExchange}).
 *   <li>{@link #NETWORK} — any master: one barrier job of resident tasks on the executors for the
 *       whole run (or one per epoch where the slots are needed between epochs: {@link RunSteps}),
 *       which meet the driver over Spark's authenticated network transport ({@link StepEndpoint},
 *       {@link ExecutorSteps}), each executor summing its tasks' gradients first.
 *   <li>{@link #JOBS} — a Spark job per step: broadcast the weights, one task per partition, an
 *       ordered tree sum to the driver. Always possible; the only way when the partitions cannot
 *       all run at once.
 * </ul>
 *
 * All three give the same bits for the same seed and partitions (the per-step jobs when they sum in
 * one stage: see {@link OrderedTreeReduce}).
 */
enum StepTransport {
  MEMORY,
  NETWORK,
  JOBS;

  static final String KEY = TrainKeys.STEP_TRANSPORT.name();

  private static final Logger LOG = LogManager.getLogger(DistributedTrainer.class);

  /**
   * The transport for {@code blocks} under {@code s} ({@code auto}, {@code jobs}, {@code memory},
   * {@code network}: {@link DistributedTrainer#stepTransport} has refused anything else); {@code
   * auto} takes the fastest that can run and logs, in one line, why it fell back to jobs when it
   * does.
   */
  static StepTransport choose(String s, RDD<?> blocks) {
    if (s.equals("jobs")) {
      return JOBS;
    }
    boolean local = localMode();
    if (s.equals("memory") && !local) {
      throw new InvalidConfigException(
          KEY,
          KEY
              + "=memory needs local mode (the master is "
              + SparkEnv.get().conf().get("spark.master", "?")
              + "); use auto or network on a cluster");
    }
    String why = residentBlocker(blocks, local);
    if (why != null) {
      LOG.info("steps run as one Spark job each: {}", why);
      return JOBS;
    }
    // RunSteps says, in one line, how the resident tasks' jobs run.
    return s.equals("network") || !local ? NETWORK : MEMORY;
  }

  /** Why an epoch cannot run as one job of resident tasks, or null when it can. */
  static String residentBlocker(RDD<?> blocks, boolean local) {
    SparkContext sc = blocks.context();
    SparkConf conf = sc.getConf();
    int parts = blocks.getNumPartitions();
    if (!EpochJob.sameStageSamePartitions(blocks, parts)) {
      return "the training RDD has a coalesce or union since its last shuffle, which barrier"
          + " stages refuse";
    }
    if (local) {
      int slots = EpochJob.localSlots(conf);
      if (parts > slots) {
        return parts
            + " partitions, but "
            + conf.get("spark.master", "")
            + " runs "
            + slots
            + " tasks at once (set train.partitions to at most "
            + slots
            + " for resident tasks)";
      }
      if (EpochJob.localTaskAttempts(conf.get("spark.master", "")) > 1) {
        return "the master asks for task retries, which a barrier stage cannot give";
      }
      return null;
    }
    if (conf.getBoolean("spark.dynamicAllocation.enabled", false)) {
      return "spark.dynamicAllocation.enabled: resident tasks need every partition's executor"
          + " for the whole epoch (turn it off, or set train.stepTransport=jobs to keep this"
          + " message away)";
    }
    if (SparkEnv.get().securityManager().isSslRpcEnabled()) {
      return "spark.ssl.rpc.enabled: the step exchange does not run over SSL (it authenticates"
          + " with spark.authenticate and encrypts with spark.network.crypto.enabled instead)";
    }
    int slots = totalSlots(sc);
    if (parts > slots) {
      return parts
          + " partitions, but the cluster's executors run "
          + slots
          + " tasks at once (set train.partitions to at most "
          + slots
          + ", or give the application more executor cores)";
    }
    return null;
  }

  /**
   * Waits until the application's executors can run {@code parts} tasks at once (a lost executor's
   * replacement has registered), at most {@code millis}; polls every 100 ms.
   */
  static void awaitSlots(SparkContext sc, int parts, long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (totalSlots(sc) < parts && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Task slots for resident tasks: the local master's, or the executors' now on a cluster. */
  static int slots(SparkContext sc) {
    return localMode() ? EpochJob.localSlots(sc.getConf()) : totalSlots(sc);
  }

  /** Tasks the application's executors can run at once now. */
  static int totalSlots(SparkContext sc) {
    return sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
  }

  /**
   * True in a local-mode JVM ({@code local}, {@code local[N]}, {@code local[N,F]}, not {@code
   * local-cluster}), where every task runs in the driver.
   */
  static boolean localMode() {
    SparkEnv env = SparkEnv.get();
    if (env == null || !"driver".equals(env.executorId())) {
      return false;
    }
    String master = env.conf().get("spark.master", "");
    return master.equals("local") || master.startsWith("local[");
  }
}
