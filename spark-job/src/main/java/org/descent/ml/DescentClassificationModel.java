package org.descent.ml;

import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.descent.nn.Loss;
import org.descent.nn.Workspace;

/**
 * A trained {@link DescentClassifier}: rawPrediction holds the network's logits ({@code [0, s]} for
 * the sigmoid head), probability their softmax (the head's own probabilities for softmax and
 * sigmoid heads).
 */
public final class DescentClassificationModel
    extends ProbabilisticClassificationModel<Vector, DescentClassificationModel>
    implements DescentModel {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final TrainedNetwork net;

  /** Set by fit; not saved (a loaded model has none, as in MLlib). */
  private transient DescentClassificationTrainingSummary trainingSummary;

  DescentClassificationModel(String uid, TrainedNetwork net) {
    this(PendingUid.stash(uid), net);
  }

  private DescentClassificationModel(PendingUid uid, TrainedNetwork net) {
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
   * The training summary: objective history, validation history, iterations, best epoch, wall time,
   * and MLlib's classification metrics on the DataFrame given to fit.
   *
   * @throws IllegalStateException when the model has none ({@link #hasSummary()})
   */
  public DescentClassificationTrainingSummary summary() {
    if (trainingSummary == null) {
      throw DescentModel.noSummary(this);
    }
    return trainingSummary;
  }

  DescentClassificationModel setSummary(DescentClassificationTrainingSummary summary) {
    this.trainingSummary = summary;
    return this;
  }

  /**
   * MLlib's classification metrics of this model on {@code dataset} (features and label columns as
   * the model's Params name them; rows unweighted).
   */
  public DescentClassificationSummary evaluate(org.apache.spark.sql.Dataset<?> dataset) {
    return evaluate(dataset, null);
  }

  /** As {@link #evaluate(org.apache.spark.sql.Dataset)}, each row weighted by {@code weightCol}. */
  public DescentClassificationSummary evaluate(
      org.apache.spark.sql.Dataset<?> dataset, String weightCol) {
    Predicted p = predicted(dataset);
    return new DescentClassificationSummary(p.rows(), p.predictionCol(), getLabelCol(), weightCol);
  }

  /** A DataFrame with this model's predictions, and the column that holds them. */
  record Predicted(
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows, String predictionCol) {}

  /**
   * {@code dataset} with this model's predictions, under a made-up prediction column when the
   * predictionCol Param is empty (Spark's findSummaryModel, called once: its made-up names differ
   * each call).
   */
  Predicted predicted(org.apache.spark.sql.Dataset<?> dataset) {
    scala.Tuple3<?, ?, ?> found = findSummaryModel();
    DescentClassificationModel m = (DescentClassificationModel) found._1();
    return new Predicted(m.transform(dataset), (String) found._3());
  }

  @Override
  public int numFeatures() {
    return net.numFeatures();
  }

  @Override
  public int numClasses() {
    return net.spec().loss().classCount(net.spec().outputWidth());
  }

  @Override
  public Vector predictRaw(Vector features) {
    int width = net.spec().outputWidth();
    Workspace ws = net.run(features, new float[width]);
    float[] logits = ws.logits();
    double[] raw;
    if (net.spec().loss() == Loss.BINARY_SIGMOID_CROSS_ENTROPY) {
      raw = new double[] {0, logits[0]};
    } else {
      raw = new double[width];
      for (int c = 0; c < width; c++) {
        raw[c] = logits[c];
      }
    }
    return Vectors.dense(raw);
  }

  @Override
  public Vector raw2probabilityInPlace(Vector rawPrediction) {
    double[] v = ((DenseVector) rawPrediction).values();
    double max = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      max = Math.max(max, x);
    }
    double sum = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.exp(v[i] - max);
      sum += v[i];
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= sum;
    }
    return rawPrediction;
  }

  /**
   * Java sees the Scala covariant override of findSummaryModel as two inherited methods; this picks
   * the probabilistic one. Tuple3 is covariant in Scala but invariant in Java, so only the raw type
   * overrides both.
   */
  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public scala.Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  @Override
  public DescentClassificationModel copy(ParamMap extra) {
    return copyValues(new DescentClassificationModel(uid, net), extra)
        .setSummary(trainingSummary)
        .setParent(parent());
  }

  public static MLReader<DescentClassificationModel> read() {
    return new ModelIo.Reader<>(DescentClassificationModel.class, DescentClassificationModel::new);
  }

  public static DescentClassificationModel load(String path) {
    return read().load(path);
  }
}
