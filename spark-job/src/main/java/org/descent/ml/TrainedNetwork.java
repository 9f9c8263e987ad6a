package org.descent.ml;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.descent.nn.FeatureScaling;
import org.descent.nn.Minibatch;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.nn.SparseRows;
import org.descent.nn.Workspace;
import org.descent.nn.model.ModelFormat;
import org.descent.nn.model.SavedModel;
import org.descent.ps.train.EpochMetrics;

/**
 * A trained network for per-row inference. Java-serialisable (spec, parameters, layer state,
 * scalings); the {@link Network} and a {@link Workspace} per thread are built lazily in each JVM.
 */
final class TrainedNetwork implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Where a saved model keeps the network, under the model's directory. */
  static final String DATA_FILE = "data/model.bin";

  /** The per-epoch training metrics, beside the network. */
  static final String HISTORY_FILE = "data/history.json";

  private final NetworkSpec spec;
  private final float[] parameters;
  private final float[] layerState;
  private final FeatureScaling featureScaling;
  private final FeatureScaling targetScaling;
  private final Map<String, String> provenance;
  private final List<EpochMetrics> history;
  private transient Network network;
  private transient ThreadLocal<Workspace> workspace;

  TrainedNetwork(
      NetworkSpec spec,
      float[] parameters,
      float[] layerState,
      FeatureScaling featureScaling,
      FeatureScaling targetScaling,
      Map<String, String> provenance,
      List<EpochMetrics> history) {
    // Validates the widths the same way a saved model is validated.
    new SavedModel(spec, parameters, layerState, featureScaling, targetScaling, provenance);
    this.spec = spec;
    this.parameters = parameters;
    this.layerState = layerState;
    this.featureScaling = featureScaling;
    this.targetScaling = targetScaling;
    this.provenance = new LinkedHashMap<>(provenance);
    this.history = new ArrayList<>(history);
  }

  NetworkSpec spec() {
    return spec;
  }

  int numFeatures() {
    return spec.inputWidth();
  }

  FeatureScaling targetScaling() {
    return targetScaling;
  }

  FeatureScaling featureScaling() {
    return featureScaling;
  }

  /** A copy of the trained parameters (flat, in {@link org.descent.nn.ParameterLayout} order). */
  float[] parameters() {
    return parameters.clone();
  }

  /** A copy of the batch-norm running statistics. */
  float[] layerState() {
    return layerState.clone();
  }

  Map<String, String> provenance() {
    return Collections.unmodifiableMap(provenance);
  }

  List<EpochMetrics> history() {
    return Collections.unmodifiableList(history);
  }

  private synchronized Network network() {
    if (network == null) {
      Network n = new Network(spec);
      workspace = ThreadLocal.withInitial(() -> n.workspace(1));
      network = n;
    }
    return network;
  }

  /**
   * Runs one row; returns the workspace holding its logits, and writes the head's outputs to {@code
   * out} (length outputWidth).
   */
  Workspace run(Vector features, float[] out) {
    if (features.size() != spec.inputWidth()) {
      throw new IllegalArgumentException(
          "features vector of size "
              + features.size()
              + " for a model trained on "
              + spec.inputWidth()
              + " features");
    }
    Network n = network();
    Workspace ws = workspace.get();
    Minibatch row =
        features instanceof SparseVector v
                && featureScaling.mode().keepsZeros()
                && !n.layout().dense(0).transposed()
            ? sparseRow(v)
            : denseRow(features);
    n.predict(parameters, layerState, row, ws, out, 0);
    return ws;
  }

  /** Its stored entries only, through the sparse first layer: never a row of the input width. */
  private Minibatch sparseRow(SparseVector v) {
    int[] indices = v.indices();
    double[] values = v.values();
    float[] x = new float[values.length];
    for (int k = 0; k < x.length; k++) {
      x[k] = (float) values[k];
    }
    SparseRows row = new SparseRows(spec.inputWidth(), 1, Math.max(1, x.length));
    row.addRow(indices, x, 0, x.length);
    featureScaling.apply(row);
    return Minibatch.of(row, 0, 1);
  }

  private Minibatch denseRow(Vector features) {
    float[] x = new float[spec.inputWidth()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) features.apply(i);
    }
    featureScaling.apply(x, 0, 1);
    return Minibatch.of(x, 0, 1);
  }

  /** The network as nn-core's saved model, with {@code extra} added to its provenance. */
  SavedModel toSavedModel(Map<String, String> extra) {
    Map<String, String> p = new LinkedHashMap<>(provenance);
    p.putAll(extra);
    return new SavedModel(spec, parameters, layerState, featureScaling, targetScaling, p);
  }

  static TrainedNetwork of(SavedModel m, List<EpochMetrics> history) {
    return new TrainedNetwork(
        m.spec(),
        m.parameters(),
        m.layerState(),
        m.featureScaling(),
        m.targetScaling(),
        m.provenance(),
        history);
  }

  /**
   * Writes {@code <dir>/data/model.bin} (nn-core's checksummed format) and {@code
   * <dir>/data/history.json} on any Hadoop file system.
   */
  void save(String dir, org.apache.hadoop.conf.Configuration hadoop, Map<String, String> extra) {
    Path file = new Path(dir, DATA_FILE);
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      try (OutputStream out = new BufferedOutputStream(fs.create(file, true))) {
        ModelFormat.write(toSavedModel(extra), out);
      }
      try (OutputStream out = fs.create(new Path(dir, HISTORY_FILE), true)) {
        TrainingHistory.write(history, out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static TrainedNetwork load(String dir, org.apache.hadoop.conf.Configuration hadoop) {
    Path file = new Path(dir, DATA_FILE);
    Path historyFile = new Path(dir, HISTORY_FILE);
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      SavedModel model;
      try (InputStream in = new BufferedInputStream(fs.open(file))) {
        model = ModelFormat.read(in, file.toString());
      }
      List<EpochMetrics> history = List.of();
      if (fs.exists(historyFile)) {
        try (InputStream in = fs.open(historyFile)) {
          history = TrainingHistory.read(in, historyFile.toString());
        }
      }
      return of(model, history);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
