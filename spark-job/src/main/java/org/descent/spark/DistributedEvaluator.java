package org.descent.spark;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.descent.nn.FeatureScaling;
import org.descent.nn.NetworkSpec;
import org.descent.ps.train.DataBlock;
import org.descent.ps.train.EpochMetrics;
import org.descent.ps.train.Evaluation;
import org.descent.ps.train.LocalTrainer;

/**
 * Validation metrics on the executors: {@link LocalTrainer#evaluate} per block (the local trainer's
 * own code, so the same metrics), the per-block {@link Evaluation} sums merged on the driver in
 * partition order. Evaluation travels with Kryo's field serialiser (it and its {@code long[]} pair
 * counts are registered).
 */
public final class DistributedEvaluator {
  private final JavaRDD<DataBlock> data;
  private final Broadcast<NetworkSpec> spec;
  private final String runId;
  private final FeatureScaling targetScaling;
  private final boolean confusion;

  DistributedEvaluator(
      JavaRDD<DataBlock> data,
      Broadcast<NetworkSpec> spec,
      String runId,
      FeatureScaling targetScaling) {
    this(data, spec, runId, targetScaling, false);
  }

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

  Evaluation evaluate(Broadcast<float[]> weights, float[] layerState) {
    List<Evaluation> parts =
        data.map(evaluator(spec, runId, weights, layerState.clone(), targetScaling, confusion))
            .collect();
    NetworkSpec s = spec.value();
    Evaluation total =
        confusion && s.loss().isClassification()
            ? Evaluation.countingPairs(s.loss().classCount(s.outputWidth()))
            : new Evaluation();
    parts.forEach(total::merge);
    return total;
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
          .evaluate(weights, layerState);
    } finally {
      weights.destroy();
      specB.destroy();
    }
  }

  /** An epoch's metrics, as the local trainer reports them. */
  static EpochMetrics epochMetrics(
      int epoch, long steps, double trainLoss, Evaluation val, boolean classifier, double seconds) {
    double nan = Double.NaN;
    if (val == null) {
      return new EpochMetrics(epoch, steps, trainLoss, nan, nan, nan, nan, nan, seconds);
    }
    return new EpochMetrics(
        epoch,
        steps,
        trainLoss,
        val.loss(),
        classifier ? val.accuracy() : nan,
        classifier ? nan : val.mse(),
        classifier ? nan : val.mae(),
        classifier ? nan : val.r2(),
        seconds);
  }
}
