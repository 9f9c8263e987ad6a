package org.descent.ml;

import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;

/** A trained {@link DescentRegressor}: predictions in the label's original units. */
public final class DescentRegressionModel extends PredictionModel<Vector, DescentRegressionModel>
    implements DescentModel {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final TrainedNetwork net;

  /** Set by fit; not saved (a loaded model has none, as in MLlib). */
  private transient DescentRegressionTrainingSummary trainingSummary;

  DescentRegressionModel(String uid, TrainedNetwork net) {
    this(PendingUid.stash(uid), net);
  }

  private DescentRegressionModel(PendingUid uid, TrainedNetwork net) {
    this.uid = uid.take();
    this.net = net;
  }

  @Override
  public String uid() {
    return PendingUid.or(uid);
  }

  @Override
  public TrainedNetwork trainedNetwork() {
    return net;
  }

  @Override
  public boolean hasSummary() {
    return trainingSummary != null;
  }

  /**
   * The training summary: objective history, validation history, iterations, best epoch, wall time.
   *
   * @throws IllegalStateException when the model has none ({@link #hasSummary()})
   */
  public DescentRegressionTrainingSummary summary() {
    if (trainingSummary == null) {
      throw DescentModel.noSummary(this);
    }
    return trainingSummary;
  }

  DescentRegressionModel setSummary(DescentRegressionTrainingSummary summary) {
    this.trainingSummary = summary;
    return this;
  }

  @Override
  public int numFeatures() {
    return net.numFeatures();
  }

  @Override
  public double predict(Vector features) {
    float[] out = new float[net.spec().outputWidth()];
    net.run(features, out);
    net.targetScaling().invert(out, 0, 1);
    return out[0];
  }

  @Override
  public DescentRegressionModel copy(ParamMap extra) {
    return copyValues(new DescentRegressionModel(uid, net), extra)
        .setSummary(trainingSummary)
        .setParent(parent());
  }

  public static MLReader<DescentRegressionModel> read() {
    return new ModelIo.Reader<>(DescentRegressionModel.class, DescentRegressionModel::new);
  }

  public static DescentRegressionModel load(String path) {
    return read().load(path);
  }
}
