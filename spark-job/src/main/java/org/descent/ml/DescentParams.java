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
 * estimators create the Param objects (they need the uid) and expose them through these accessors,
 * which Spark finds by reflection; every value maps to a descent configuration key and is validated
 * by {@link Configuration}.
 */
public interface DescentParams extends Params {

  IntArrayParam hiddenLayers();

  Param<String> activation();

  Param<String> optimizer();

  DoubleParam learningRate();

  IntParam batchSize();

  IntParam epochs();

  LongParam seed();

  /** Further descent keys as {@code key=value}, e.g. {@code optimizer.weightDecay=0.01}. */
  StringArrayParam config();

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
