package org.descent.spark;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.descent.nn.FeatureScaling;
import org.descent.nn.NetworkSpec;
import org.descent.ps.train.DataBlock;
import org.descent.ps.train.Evaluation;
import org.descent.ps.train.LocalTrainer;

/**
 * Validation metrics: {@link LocalTrainer#evaluate} per block (the local trainer's own code, so the
 * same metrics), the per-block {@link Evaluation} sums merged on the driver in partition order.
 * Evaluation travels with Kryo's field serialiser (it and its {@code long[]} pair counts are
 * registered).
 *
 * <p>Where the blocks are evaluated: on the executors, one Spark job each time; but on a cluster a
 * small validation set ({@link #DRIVER_MAX_BYTES}, {@link #DRIVER_MAX_WORK}) is collected to the
 * driver once and evaluated there every epoch, with the same code over the same blocks in the same
 * order, so the same metrics: an epoch's validation then costs tens of milliseconds of the driver's
 * time instead of a job, a broadcast of the weights and a task per partition (hundreds of
 * milliseconds on a cluster, against steps of a few). Local mode keeps the job: its executors are
 * the driver's own threads.
 */
public final class DistributedEvaluator {
  /** The most packed bytes of validation blocks the driver collects to evaluate them itself. */
  static final long DRIVER_MAX_BYTES = 64L << 20;

  /** The most rows × parameters an evaluation on the driver may take (≈ 2·10⁹ multiply-adds). */
  static final long DRIVER_MAX_WORK = 2_000_000_000L;

  /** Where the blocks are evaluated: chosen by size on a cluster, or forced (tests). */
  enum Placement {
    AUTO,
    DRIVER,
    EXECUTORS
  }

  private static final org.apache.logging.log4j.Logger LOG =
      org.apache.logging.log4j.LogManager.getLogger(DistributedTrainer.class);

  private final JavaRDD<DataBlock> data;
  private final Broadcast<NetworkSpec> spec;
  private final String runId;
  private final FeatureScaling targetScaling;
  private final boolean confusion;
  private Placement placement = Placement.AUTO;
  private List<DataBlock> onDriver;

  /** With {@code confusion}, classifiers' evaluations count (actual, predicted) pairs. */
  DistributedEvaluator(
      JavaRDD<DataBlock> data,
      Broadcast<NetworkSpec> spec,
      String runId,
      FeatureScaling targetScaling,
      boolean confusion) {
    this.data = data;
    this.spec = spec;
    this.runId = runId;
    this.targetScaling = targetScaling;
    this.confusion = confusion;
  }

  /** Whether the driver holds the blocks and evaluates them itself. */
  boolean evaluatesOnDriver() {
    return onDriver != null;
  }

  /** Evaluates on the driver or on the executors as {@code placement} says (default: by size). */
  DistributedEvaluator placement(Placement placement) {
    this.placement = placement;
    this.onDriver = null;
    return this;
  }

  /**
   * The metrics of {@code parameters} and {@code layerState}; {@code weights} gives them as a
   * broadcast when the executors evaluate.
   */
  Evaluation evaluate(
      float[] parameters,
      float[] layerState,
      java.util.function.Supplier<Broadcast<float[]>> weights) {
    List<Evaluation> parts;
    if (placeNow()) {
      org.descent.nn.Network network = ExecutorCache.run(runId, spec.value()).network();
      float[] state = layerState.clone();
      // Blocks in parallel on the driver's cores, merged below in partition order as ever.
      parts =
          onDriver.parallelStream()
              .map(
                  block ->
                      block.rows() == 0
                          ? new Evaluation()
                          : LocalTrainer.evaluate(
                              network, parameters, state, block, targetScaling, confusion))
              .toList();
    } else {
      parts =
          data.map(
                  evaluator(
                      spec, runId, weights.get(), layerState.clone(), targetScaling, confusion))
              .collect();
    }
    NetworkSpec s = spec.value();
    Evaluation total =
        confusion && s.loss().isClassification()
            ? Evaluation.countingPairs(s.loss().classCount(s.outputWidth()))
            : new Evaluation();
    parts.forEach(total::merge);
    return total;
  }

  /**
   * Whether the driver evaluates, decided at the first call (the trainer calls it before resident
   * tasks hold the task slots that deciding needs): on a cluster, by size, the blocks small enough
   * are collected then and kept. Says which in one log line.
   */
  boolean placeNow() {
    if (onDriver != null || placement == Placement.EXECUTORS) {
      return onDriver != null;
    }
    if (placement == Placement.AUTO) {
      if (data.context().isLocal()) {
        placement = Placement.EXECUTORS;
        return false;
      }
      long parameters = ExecutorCache.run(runId, spec.value()).network().layout().size();
      long[] size =
          data.map(b -> new long[] {b.rows(), packedBytes(b)})
              .fold(new long[2], (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
      boolean small = size[1] <= DRIVER_MAX_BYTES && size[0] * parameters <= DRIVER_MAX_WORK;
      LOG.info(
          small
              ? "validation on the driver: {} rows ({} MB) collected once and evaluated there each"
                  + " epoch, instead of a Spark job"
              : "validation on the executors, a Spark job each epoch: {} rows ({} MB) are more"
                  + " than the driver evaluates itself",
          size[0],
          String.format(java.util.Locale.ROOT, "%.1f", size[1] / 1048576.0));
      if (!small) {
        placement = Placement.EXECUTORS;
        return false;
      }
    }
    onDriver = data.collect();
    return true;
  }

  /** The bytes a block's features and targets take packed (dense floats, or CSR). */
  private static long packedBytes(DataBlock b) {
    long features =
        b.isSparse()
            ? 8L * b.sparseFeatures().nonZeros() + 4L * (b.rows() + 1)
            : 4L * b.rows() * b.width();
    return features + 4L * b.rows() * b.targetWidth();
  }

  private static Function<DataBlock, Evaluation> evaluator(
      Broadcast<NetworkSpec> spec,
      String runId,
      Broadcast<float[]> weights,
      float[] state,
      FeatureScaling scaling,
      boolean confusion) {
    return block ->
        block.rows() == 0
            ? new Evaluation()
            : LocalTrainer.evaluate(
                ExecutorCache.run(runId, spec.value()).network(),
                weights.value(),
                state,
                block,
                scaling,
                confusion);
  }

  /**
   * Metrics of a model on {@code data} (one block per partition), computed on the executors: mean
   * loss, accuracy for classifiers, MSE/MAE/R² in original units for regression.
   */
  public static Evaluation evaluate(
      JavaRDD<DataBlock> data,
      NetworkSpec spec,
      float[] parameters,
      float[] layerState,
      FeatureScaling targetScaling) {
    return evaluate(data, spec, parameters, layerState, targetScaling, false);
  }

  /**
   * {@link #evaluate(JavaRDD, NetworkSpec, float[], float[], FeatureScaling)}; for a classifier
   * with {@code confusion} the result also counts (actual, predicted) pairs ({@link
   * Evaluation#confusion}), in the same pass.
   */
  public static Evaluation evaluate(
      JavaRDD<DataBlock> data,
      NetworkSpec spec,
      float[] parameters,
      float[] layerState,
      FeatureScaling targetScaling,
      boolean confusion) {
    org.apache.spark.api.java.JavaSparkContext sc =
        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(data.context());
    Broadcast<NetworkSpec> specB = sc.broadcast(spec);
    Broadcast<float[]> weights = sc.broadcast(parameters.clone());
    try {
      return new DistributedEvaluator(
              data, specB, java.util.UUID.randomUUID().toString(), targetScaling, confusion)
          .placement(Placement.EXECUTORS)
          .evaluate(parameters, layerState, () -> weights);
    } finally {
      weights.destroy();
      specB.destroy();
    }
  }
}
