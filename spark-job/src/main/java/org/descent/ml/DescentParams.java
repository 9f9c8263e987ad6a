package org.descent.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.descent.ps.config.DataKeys;
import org.descent.ps.config.ModelKeys;
import org.descent.ps.config.TrainKeys;
import org.descent.ps.config.UpdateKeys;

/**
 * The training Params shared by {@link DescentClassifier} and {@link DescentRegressor}: every
 * training key of the descent configuration is a Param with an identifier name in MLlib's style
 * ({@link ParamNames}: {@code maxIter} for {@code train.epochs}, {@code stepSize} for {@code
 * optimizer.lr}, …), with the key's default, meaning and validation; the dotted key finds the same
 * Param ({@code keyParam("optimizer.lr")}, {@code getParam("optimizer.lr")}, {@code
 * setConfig("optimizer.lr", …)}). The accessors below are typed shortcuts to the common ones, in
 * MLlib's spelling ({@code setMaxIter}, {@code setStepSize}, {@code setSeed}, …). The estimators
 * create the Param objects (they need the uid) and hand them over through {@link #defs}.
 *
 * @param <T> the estimator type, returned by the setters
 */
public interface DescentParams<T extends DescentParams<T>> extends Params {

  /** The Param objects, created by the estimator with its uid. */
  ParamSupport.Defs defs();

  /** True for the regressor (its head is always mse). */
  default boolean isRegressor() {
    return defs().regression;
  }

  /**
   * The Param of a descent configuration key, by its dotted key or its Param name: {@code
   * keyParam("schedule.name")} and {@code keyParam("lrSchedule")} are the same Param.
   */
  default Param<?> keyParam(String key) {
    return defs().param(key);
  }

  /** The Param of a numeric key such as {@code model.dropout}, typed for ParamGridBuilder. */
  default DoubleParam doubleParam(String key) {
    return ParamSupport.typed(keyParam(key), DoubleParam.class, key);
  }

  /** The Param of a whole-number key such as {@code train.batchSize}. */
  default IntParam intParam(String key) {
    return ParamSupport.typed(keyParam(key), IntParam.class, key);
  }

  /** The Param of a true/false key such as {@code model.batchNorm}. */
  default BooleanParam booleanParam(String key) {
    return ParamSupport.typed(keyParam(key), BooleanParam.class, key);
  }

  /** The Param of a named-choice key such as {@code schedule.name}. */
  default Param<String> stringParam(String key) {
    return ParamSupport.stringTyped(keyParam(key), key);
  }

  default IntArrayParam hiddenLayers() {
    return defs().hiddenLayers;
  }

  default Param<String> weightCol() {
    return defs().weightCol;
  }

  /** MLlib's validationIndicatorCol: true rows validate, the rest train. */
  default Param<String> validationIndicatorCol() {
    return defs().validationIndicatorCol;
  }

  /** The validation indicator column, or null when a validationFraction validates. */
  default String getValidationIndicatorCol() {
    return isDefined(validationIndicatorCol()) ? getOrDefault(validationIndicatorCol()) : null;
  }

  /**
   * Rows whose {@code column} (boolean) is true validate, the others (false or null) train; {@code
   * validationFraction} is then not used.
   */
  default T setValidationIndicatorCol(String column) {
    new ParamSupport.ParamsAccess(this).set(validationIndicatorCol(), column);
    return self();
  }

  /** The path of a saved Descent model to continue training from. */
  default Param<String> initialModel() {
    return defs().initialModel;
  }

  /** MLlib's initialWeights: one flat vector in Descent's parameter order. */
  default Param<Vector> initialWeights() {
    return defs().initialWeights;
  }

  /** The initialModel path, or null. */
  default String getInitialModel() {
    return isDefined(initialModel()) ? getOrDefault(initialModel()) : null;
  }

  /** The initialWeights, or null. */
  default Vector getInitialWeights() {
    return isDefined(initialWeights()) ? getOrDefault(initialWeights()) : null;
  }

  /**
   * Continues training from the Descent model saved at {@code path} (a model's directory, a
   * pipeline's stage directory, or a model file of {@code descent train}): its weights, batch-norm
   * statistics and feature (and target) scalings. The network this fit builds must have the same
   * layer widths, checked at fit.
   */
  default T setInitialModel(String path) {
    defs().initialNetwork = null;
    new ParamSupport.ParamsAccess(this).set(initialModel(), path);
    return self();
  }

  /**
   * Starts from these weights (MLlib's initialWeights): per dense layer from the input, its weight
   * matrix row-major {@code [inputs × outputs]} (unit j's incoming weights are column j), its
   * biases, then, with batch norm, gamma and beta; the length is checked at fit.
   */
  default T setInitialWeights(Vector weights) {
    new ParamSupport.ParamsAccess(this).set(initialWeights(), weights);
    return self();
  }

  default Param<String> activation() {
    return stringParam(ModelKeys.ACTIVATION.name());
  }

  /** Weight sharing, {@code model.ties}: e.g. "2:1:transpose" (see docs/configuration.md). */
  default Param<String> ties() {
    return stringParam(ModelKeys.TIES.name());
  }

  default Param<String> optimizer() {
    return stringParam(UpdateKeys.OPTIMIZER_NAME.name());
  }

  /** The learning rate, {@code optimizer.lr}, by MLlib's name. */
  default DoubleParam stepSize() {
    return (DoubleParam) keyParam(UpdateKeys.OPTIMIZER_LR.name());
  }

  /** The same Param as {@link #stepSize()}. */
  default DoubleParam learningRate() {
    return stepSize();
  }

  default IntParam batchSize() {
    return (IntParam) keyParam(TrainKeys.BATCH_SIZE.name());
  }

  /** The number of epochs, {@code train.epochs}, by MLlib's name. */
  default IntParam maxIter() {
    return (IntParam) keyParam(TrainKeys.EPOCHS.name());
  }

  /** The same Param as {@link #maxIter()}. */
  default IntParam epochs() {
    return maxIter();
  }

  default LongParam seed() {
    return (LongParam) keyParam(TrainKeys.SEED.name());
  }

  default int[] getHiddenLayers() {
    return getOrDefault(hiddenLayers());
  }

  /** The weight column, or null when rows are unweighted. */
  default String getWeightCol() {
    return isDefined(weightCol()) ? getOrDefault(weightCol()) : null;
  }

  default String getActivation() {
    return getOrDefault(activation());
  }

  default String getTies() {
    return getOrDefault(ties());
  }

  default String getOptimizer() {
    return getOrDefault(optimizer());
  }

  default double getStepSize() {
    return (Double) getOrDefault(stepSize());
  }

  default double getLearningRate() {
    return getStepSize();
  }

  default int getBatchSize() {
    return (Integer) getOrDefault(batchSize());
  }

  default int getMaxIter() {
    return (Integer) getOrDefault(maxIter());
  }

  default int getEpochs() {
    return getMaxIter();
  }

  default long getSeed() {
    return (Long) getOrDefault(seed());
  }

  /** The value of any key Param, as the configuration would spell it. */
  default String getConfig(String key) {
    return String.valueOf(getOrDefault(keyParam(key)));
  }

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }

  default T setHiddenLayers(int... widths) {
    for (int w : widths) {
      if (w <= 0) {
        throw new org.descent.ps.InvalidConfigException(
            "hiddenLayers", "hidden layer widths must be positive, got " + w);
      }
    }
    new ParamSupport.ParamsAccess(this).set(hiddenLayers(), widths.clone());
    return self();
  }

  /** Rows are weighted by this column (numeric, ≥ 0). */
  default T setWeightCol(String column) {
    new ParamSupport.ParamsAccess(this).set(weightCol(), column);
    return self();
  }

  default T setActivation(String value) {
    return setConfig(ModelKeys.ACTIVATION.name(), value);
  }

  /**
   * Ties dense layers' weight matrices, {@code LAYER:OWNER:MODE,…} numbered from 1 with the input
   * layer's dense layer as 1; the syntax is checked now, the shapes at fit (they depend on the
   * data's widths).
   */
  default T setTies(String value) {
    return setConfig(ModelKeys.TIES.name(), value);
  }

  default T setOptimizer(String value) {
    return setConfig(UpdateKeys.OPTIMIZER_NAME.name(), value);
  }

  /** The learning rate ({@code optimizer.lr}). */
  default T setStepSize(double value) {
    return setConfig(UpdateKeys.OPTIMIZER_LR.name(), Double.toString(value));
  }

  /** The same as {@link #setStepSize}. */
  default T setLearningRate(double value) {
    return setStepSize(value);
  }

  default T setBatchSize(int value) {
    return setConfig(TrainKeys.BATCH_SIZE.name(), Integer.toString(value));
  }

  /** The number of epochs ({@code train.epochs}). */
  default T setMaxIter(int value) {
    return setConfig(TrainKeys.EPOCHS.name(), Integer.toString(value));
  }

  /** The same as {@link #setMaxIter}. */
  default T setEpochs(int value) {
    return setMaxIter(value);
  }

  /** Epochs without a better validation metric before the run stops ({@code train.patience}). */
  default T setPatience(int value) {
    return setConfig(TrainKeys.PATIENCE.name(), Integer.toString(value));
  }

  /**
   * The validation metric early stopping and the best epoch go by ({@code train.earlyStopMetric}):
   * loss, accuracy or f1 for a classifier, loss or rmse for a regressor.
   */
  default T setEarlyStopMetric(String value) {
    return setConfig(TrainKeys.EARLY_STOP_METRIC.name(), value);
  }

  /**
   * The least gain of the early-stop metric that resets the patience ({@code train.earlyStopTol}).
   */
  default T setEarlyStopTol(double value) {
    return setConfig(TrainKeys.EARLY_STOP_TOL.name(), Double.toString(value));
  }

  /**
   * The feature scaling fitted on the training rows ({@code data.scaling}): standardize (default),
   * minmax, maxabs, divide or none; maxabs, divide and none keep a sparse column sparse.
   */
  default T setScaling(String value) {
    return setConfig(DataKeys.SCALING.name(), value);
  }

  /**
   * Whether a column of sparse vectors trains through the sparse first layer ({@code data.sparse}):
   * auto (default: under 2% stored entries and a scaling that keeps zeros), true or false.
   */
  default T setSparseInput(String value) {
    return setConfig(DataKeys.SPARSE.name(), value);
  }

  /**
   * What a bad row (null, NaN, ±Inf or beyond float range in features, label or weight; a wrong
   * vector size; a classifier label that is not a whole number ≥ 0) does ({@code
   * data.onBadRecord}): fail (default: fit throws naming the row and column) or skip (left out and
   * counted in the summary's {@code skippedRows}).
   */
  default T setOnBadRecord(String value) {
    return setConfig(DataKeys.ON_BAD_RECORD.name(), value);
  }

  default T setSeed(long value) {
    return setConfig(TrainKeys.SEED.name(), Long.toString(value));
  }

  /**
   * Sets any training key, by its dotted key ({@code optimizer.lr}) or its Param name ({@code
   * stepSize}), validated like {@code --set key=value}: an unknown key or a bad value fails now
   * with an error naming the key, and leaves the estimator unchanged.
   */
  default T setConfig(String key, String value) {
    ParamSupport.setConfig(this, key, value);
    return self();
  }
}
