package org.descent.ml;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.SparkSession;
import org.descent.nn.FeatureScaling;
import org.descent.nn.NetworkSpec;
import org.descent.nn.ParameterLayout;
import org.descent.nn.model.ModelFormat;
import org.descent.nn.model.SavedModel;
import org.descent.ps.InvalidConfigException;

/**
 * Where a fit starts: from an earlier Descent model ({@code initialModel}, a model object or a
 * saved path; its weights, batch-norm statistics and feature and target scalings, so training
 * continues where it stopped) or from MLlib's {@code initialWeights} (a flat vector in Descent's
 * parameter order, {@link ParameterLayout}; the scalings are fitted as usual).
 *
 * @param origin where the start came from, for the model's provenance
 * @param featureScaling the scaling to keep instead of fitting one, or null
 * @param targetScaling the regressor's target scaling to keep, or null
 * @param layerState the batch-norm running statistics to start from, or null
 */
record WarmStart(
    String origin,
    float[] parameters,
    float[] layerState,
    FeatureScaling featureScaling,
    FeatureScaling targetScaling) {

  /** The warm start the estimator's Params ask for, checked against {@code spec}; null if none. */
  static WarmStart of(DescentParams<?> params, NetworkSpec spec, SparkSession spark) {
    TrainedNetwork model = params.defs().initialNetwork;
    String path = params.getInitialModel();
    Vector weights = params.getInitialWeights();
    int given = (model != null ? 1 : 0) + (path != null ? 1 : 0) + (weights != null ? 1 : 0);
    if (given > 1) {
      throw new InvalidConfigException(
          "initialModel",
          "both initialModel and initialWeights are set: a fit starts from one of them (clear"
              + " the other)");
    }
    ParameterLayout layout = ParameterLayout.of(spec);
    if (weights != null) {
      if (weights.size() != layout.size()) {
        throw new InvalidConfigException(
            "initialWeights",
            "initialWeights has "
                + weights.size()
                + " values but the network "
                + widths(spec)
                + " has "
                + layout.size()
                + " parameters (per dense layer from the input: its weights row-major"
                + " [inputs × outputs], its biases, then batch norm's gamma and beta)");
      }
      double[] w = weights.toArray();
      float[] p = new float[w.length];
      for (int i = 0; i < w.length; i++) {
        if (!Double.isFinite(w[i]) || Math.abs(w[i]) > Float.MAX_VALUE) {
          throw new InvalidConfigException(
              "initialWeights", "initialWeights[" + i + "] = " + w[i] + " is not a finite float");
        }
        p[i] = (float) w[i];
      }
      return new WarmStart("initialWeights (" + p.length + " values)", p, null, null, null);
    }
    if (model == null && path == null) {
      return null;
    }
    TrainedNetwork from = model != null ? model : load(path, spark);
    String what = model != null ? "initialModel" : "initialModel " + path;
    NetworkSpec old = from.spec();
    if (!Arrays.equals(old.widths(), spec.widths())
        || ParameterLayout.of(old).size() != layout.size()
        || ParameterLayout.of(old).stateSize() != layout.stateSize()) {
      throw new InvalidConfigException(
          "initialModel",
          what
              + " has layers "
              + widths(old)
              + " ("
              + ParameterLayout.of(old).size()
              + " parameters) but this fit builds "
              + widths(spec)
              + " ("
              + layout.size()
              + " parameters) from the data's features and labels and hiddenLayers: use the"
              + " hiddenLayers, batchNorm and ties of the initial model, on data of the same"
              + " width and classes");
    }
    if (old.loss() != spec.loss()) {
      throw new InvalidConfigException(
          "initialModel",
          what
              + " was trained with the "
              + old.loss()
              + " loss but this fit trains with "
              + spec.loss()
              + ": start a classifier from a classifier (with the same head) and a regressor from"
              + " a regressor");
    }
    String trainedAt = from.provenance().getOrDefault("trained.at", "an unknown time");
    return new WarmStart(
        (model != null ? "initialModel (a model object" : "initialModel (" + path)
            + ", trained at "
            + trainedAt
            + ")",
        from.parameters(),
        from.layerState(),
        from.featureScaling(),
        from.targetScaling());
  }

  private static String widths(NetworkSpec spec) {
    return Arrays.toString(spec.widths());
  }

  /** A saved spark.ml model directory (data/model.bin inside) or a model file of the CLI. */
  private static TrainedNetwork load(String path, SparkSession spark) {
    org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Path p = new Path(path);
    try {
      FileSystem fs = p.getFileSystem(hadoop);
      if (!fs.exists(p)) {
        throw new InvalidConfigException(
            "initialModel",
            "initialModel " + path + " does not exist: give a saved Descent model's directory");
      }
      if (fs.getFileStatus(p).isDirectory()) {
        if (!fs.exists(new Path(p, TrainedNetwork.DATA_FILE))) {
          throw new InvalidConfigException(
              "initialModel",
              "initialModel "
                  + path
                  + " holds no "
                  + TrainedNetwork.DATA_FILE
                  + ": give the directory a DescentClassificationModel or DescentRegressionModel"
                  + " was saved to (in a saved PipelineModel: its stages/<n>_<uid> directory)");
        }
        return TrainedNetwork.load(path, hadoop);
      }
      try (InputStream in = new BufferedInputStream(fs.open(p))) {
        SavedModel m = ModelFormat.read(in, path);
        return TrainedNetwork.of(m, java.util.List.of());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read initialModel " + path, e);
    }
  }
}
