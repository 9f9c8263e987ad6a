package org.descent.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;

/**
 * spark.ml estimator training a Descent network with the distributed trainer; the input width is
 * the features' size and the output width is inferred from the labels. Every training key is a
 * Param of the same name (see {@link DescentParams}).
 */
public final class DescentRegressor
    extends org.apache.spark.ml.Predictor<Vector, DescentRegressor, DescentRegressionModel>
    implements DescentParams<DescentRegressor>, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final ParamSupport.Defs defs;

  public DescentRegressor() {
    this(Identifiable.randomUID("descentRegressor"));
  }

  public DescentRegressor(String uid) {
    this(PendingUid.stash(uid));
  }

  private DescentRegressor(PendingUid uid) {
    this.uid = uid.take();
    this.defs = ParamSupport.Defs.of(this, true);
  }

  @Override
  public String uid() {
    return PendingUid.or(uid);
  }

  @Override
  public ParamSupport.Defs defs() {
    return defs;
  }

  @Override
  public Param<?>[] params() {
    return defs.params(super.params());
  }

  @Override
  public DescentRegressionModel train(Dataset<?> dataset) {
    EstimatorFit.Result fit = EstimatorFit.fit(dataset, getFeaturesCol(), getLabelCol(), this);
    DescentRegressionModel model = new DescentRegressionModel(uid, fit.trainedNetwork());
    model.setSummary(new DescentRegressionTrainingSummary(fit.run()));
    return model;
  }

  /**
   * Spark's lookup by name, which also takes a training key's dotted name ({@code
   * getParam("optimizer.lr")} is {@code getParam("stepSize")}), so estimators saved with the dotted
   * Param names of earlier builds still load.
   */
  @Override
  public Param<Object> getParam(String paramName) {
    return super.getParam(ParamNames.resolve(paramName));
  }

  @Override
  public boolean hasParam(String paramName) {
    return super.hasParam(ParamNames.resolve(paramName));
  }

  /**
   * Continues training from {@code model} (its weights, batch-norm statistics and scalings; the
   * same layer widths, checked at fit). The object is not saved with the estimator: to persist the
   * choice, save the model and use {@link #setInitialModel(String)}.
   */
  public DescentRegressor setInitialModel(DescentRegressionModel model) {
    return defs.startFrom(this, model.trainedNetwork());
  }

  @Override
  public DescentRegressor copy(ParamMap extra) {
    return defs.copiedTo(defaultCopy(extra));
  }

  /** Reads an estimator saved with {@code write().save(path)} (Spark's params metadata). */
  public static MLReader<DescentRegressor> read() {
    return new DefaultParamsReader<>();
  }

  public static DescentRegressor load(String path) {
    return read().load(path);
  }
}
