package org.descent.ml;

import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.descent.nn.Loss;
import org.descent.nn.Workspace;

/**
 * A trained {@link DescentClassifier}: rawPrediction holds the network's logits ({@code [0, s]} for
 * the sigmoid head), probability their softmax (the head's own probabilities for softmax and
 * sigmoid heads).
 */
public final class DescentClassificationModel
    extends ProbabilisticClassificationModel<Vector, DescentClassificationModel>
    implements MLWritable, NetModel {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Net net;

  DescentClassificationModel(String uid, Net net) {
    this(PendingUid.stash(uid), uid, net);
  }

  private DescentClassificationModel(Void stashed, String uid, Net net) {
    this.uid = uid;
    PendingUid.take();
    this.net = net;
  }

  @Override
  public String uid() {
    return PendingUid.or(uid);
  }

  @Override
  public Net net() {
    return net;
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
    return copyValues(new DescentClassificationModel(uid, net), extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new ModelIo.Writer(this, net);
  }

  public static MLReader<DescentClassificationModel> read() {
    return new ModelIo.Reader<>(DescentClassificationModel.class, DescentClassificationModel::new);
  }

  public static DescentClassificationModel load(String path) {
    return read().load(path);
  }
}
