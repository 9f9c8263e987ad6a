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
public final class DescentClassifier
    extends org.apache.spark.ml.classification.ProbabilisticClassifier<
        Vector, DescentClassifier, DescentClassificationModel>
    implements DescentParams<DescentClassifier>, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final ParamSupport.Defs defs;

  public DescentClassifier() {
    this(Identifiable.randomUID("descentClassifier"));
  }

  public DescentClassifier(String uid) {
    this(PendingUid.stash(uid));
  }

  private DescentClassifier(PendingUid uid) {
    this.uid = uid.take();
    this.defs = ParamSupport.Defs.of(this, false);
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
  public DescentClassificationModel train(Dataset<?> dataset) {
    EstimatorFit.Result fit = EstimatorFit.fit(dataset, getFeaturesCol(), getLabelCol(), this);
    // Predictor.fit copies the Params onto the model after train; the summary needs the column
    // Params now.
    DescentClassificationModel model =
        copyValues(new DescentClassificationModel(uid, fit.trainedNetwork()), ParamMap.empty());
    // On the rows it trained on: those a fit with onBadRecord=skip left out are left out here too.
    Dataset<?> trained =
        fit.run().skippedRows() == 0
            ? dataset
            : MlRowCheck.usable(
                dataset,
                getFeaturesCol(),
                getLabelCol(),
                getWeightCol(),
                fit.trainedNetwork().spec().inputWidth(),
                true);
    DescentClassificationModel.Predicted predicted = model.predicted(trained);
    model.setSummary(
        new DescentClassificationTrainingSummary(
            fit.run(), predicted.rows(), predicted.predictionCol(), getLabelCol(), getWeightCol()));
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
  public DescentClassifier setInitialModel(DescentClassificationModel model) {
    return defs.startFrom(this, model.trainedNetwork());
  }

  @Override
  public DescentClassifier copy(ParamMap extra) {
    return defs.copiedTo(defaultCopy(extra));
  }

  /** Reads an estimator saved with {@code write().save(path)} (Spark's params metadata). */
  public static MLReader<DescentClassifier> read() {
    return new DefaultParamsReader<>();
  }

  public static DescentClassifier load(String path) {
    return read().load(path);
  }
}
