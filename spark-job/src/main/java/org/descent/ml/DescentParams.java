package org.descent.ml;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * The training Params shared by {@link DescentClassifier} and {@link DescentRegressor}. The
 * estimators create the Param objects (they need the uid) and hand them over through {@link #defs};
 * the accessors below, which Spark finds by reflection, are shared; every value maps to a descent
 * configuration key and is validated by {@link Configuration}.
 */
public interface DescentParams extends Params {

  /** The Param objects, created by the estimator with its uid. */
  ParamSupport.Defs defs();

  default IntArrayParam hiddenLayers() {
    return defs().hiddenLayers;
  }

  default Param<String> activation() {
    return defs().activation;
  }

  default Param<String> optimizer() {
    return defs().optimizer;
  }

  default DoubleParam learningRate() {
    return defs().learningRate;
  }

  default IntParam batchSize() {
    return defs().batchSize;
  }

  default IntParam epochs() {
    return defs().epochs;
  }

  default LongParam seed() {
    return defs().seed;
  }

  /** Further descent keys as {@code key=value}, e.g. {@code optimizer.weightDecay=0.01}. */
  default StringArrayParam config() {
    return defs().config;
  }

  default int[] getHiddenLayers() {
    return getOrDefault(hiddenLayers());
  }

  default String getActivation() {
    return getOrDefault(activation());
  }

  default String getOptimizer() {
    return getOrDefault(optimizer());
  }

  default double getLearningRate() {
    return (Double) getOrDefault(learningRate());
  }

  default int getBatchSize() {
    return (Integer) getOrDefault(batchSize());
  }

  default int getEpochs() {
    return (Integer) getOrDefault(epochs());
  }

  default long getSeed() {
    return (Long) getOrDefault(seed());
  }

  default String[] getConfig() {
    return getOrDefault(config());
  }
}
