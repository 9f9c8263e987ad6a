package org.descent.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.descent.config.Configuration;

/**
 * spark.ml estimator training a Descent network with the distributed trainer; the input width is
 * the features' size and the output width is inferred from the labels. Any descent key can be
 * passed with {@link #setConfig(String, String)}.
 */
public final class DescentRegressor
    extends org.apache.spark.ml.Predictor<Vector, DescentRegressor, DescentRegressionModel>
    implements DescentParams, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final ParamSupport.Defs defs;

  public DescentRegressor() {
    this(Identifiable.randomUID("descentRegressor"));
  }

  public DescentRegressor(String uid) {
    this(PendingUid.stash(uid), uid);
  }

  private DescentRegressor(Void stashed, String uid) {
    this.uid = uid;
    PendingUid.take();
    this.defs = ParamSupport.defs(this);
    ParamSupport.setDefaults(this, defs, Configuration.defaults());
  }

  @Override
  public String uid() {
    return PendingUid.or(uid);
  }

  @Override
  public ParamSupport.Defs defs() {
    return defs;
  }

  public DescentRegressor setHiddenLayers(int... widths) {
    set(defs.hiddenLayers, widths.clone());
    ParamSupport.validate(this, true);
    return this;
  }

  public DescentRegressor setActivation(String value) {
    return setConfig("model.activation", value);
  }

  public DescentRegressor setOptimizer(String value) {
    return setConfig("optimizer.name", value);
  }

  public DescentRegressor setLearningRate(double value) {
    return setConfig("optimizer.lr", Double.toString(value));
  }

  public DescentRegressor setBatchSize(int value) {
    return setConfig("train.batchSize", Integer.toString(value));
  }

  public DescentRegressor setEpochs(int value) {
    return setConfig("train.epochs", Integer.toString(value));
  }

  public DescentRegressor setSeed(long value) {
    return setConfig("train.seed", Long.toString(value));
  }

  /** Sets any descent configuration key, validated like {@code --set key=value}. */
  public DescentRegressor setConfig(String key, String value) {
    ParamSupport.setConfig(this, defs, key, value, true);
    return this;
  }

  @Override
  public DescentRegressionModel train(Dataset<?> dataset) {
    Net net = DescentTraining.fit(dataset, getFeaturesCol(), getLabelCol(), this, true);
    return new DescentRegressionModel(uid, net);
  }

  @Override
  public DescentRegressor copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** Reads an estimator saved with {@code write().save(path)} (Spark's params metadata). */
  public static MLReader<DescentRegressor> read() {
    return new DefaultParamsReader<>();
  }

  public static DescentRegressor load(String path) {
    return read().load(path);
  }
}
