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
public final class DescentClassifier
    extends org.apache.spark.ml.classification.ProbabilisticClassifier<
        Vector, DescentClassifier, DescentClassificationModel>
    implements DescentParams, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final ParamSupport.Defs defs;

  public DescentClassifier() {
    this(Identifiable.randomUID("descentClassifier"));
  }

  public DescentClassifier(String uid) {
    this(PendingUid.stash(uid), uid);
  }

  private DescentClassifier(Void stashed, String uid) {
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

  public DescentClassifier setHiddenLayers(int... widths) {
    set(defs.hiddenLayers, widths.clone());
    ParamSupport.validate(this, false);
    return this;
  }

  public DescentClassifier setActivation(String value) {
    return setConfig("model.activation", value);
  }

  public DescentClassifier setOptimizer(String value) {
    return setConfig("optimizer.name", value);
  }

  public DescentClassifier setLearningRate(double value) {
    return setConfig("optimizer.lr", Double.toString(value));
  }

  public DescentClassifier setBatchSize(int value) {
    return setConfig("train.batchSize", Integer.toString(value));
  }

  public DescentClassifier setEpochs(int value) {
    return setConfig("train.epochs", Integer.toString(value));
  }

  public DescentClassifier setSeed(long value) {
    return setConfig("train.seed", Long.toString(value));
  }

  /** Sets any descent configuration key, validated like {@code --set key=value}. */
  public DescentClassifier setConfig(String key, String value) {
    ParamSupport.setConfig(this, defs, key, value, false);
    return this;
  }

  @Override
  public DescentClassificationModel train(Dataset<?> dataset) {
    Net net = DescentTraining.fit(dataset, getFeaturesCol(), getLabelCol(), this, false);
    return new DescentClassificationModel(uid, net);
  }

  @Override
  public DescentClassifier copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** Reads an estimator saved with {@code write().save(path)} (Spark's params metadata). */
  public static MLReader<DescentClassifier> read() {
    return new DefaultParamsReader<>();
  }

  public static DescentClassifier load(String path) {
    return read().load(path);
  }
}
