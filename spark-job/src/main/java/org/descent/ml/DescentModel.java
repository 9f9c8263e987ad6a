package org.descent.ml;

import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.descent.io.OnnxFile;
import org.descent.nn.NetworkSummary;
import org.descent.ps.train.EpochMetrics;

/** What both Descent models expose about their network, beside Spark's model API. */
interface DescentModel extends Params, MLWritable {
  TrainedNetwork trainedNetwork();

  /** Spark's params metadata and {@code data/model.bin} ({@link ModelIo}). */
  @Override
  default MLWriter write() {
    return new ModelIo.Writer(this, trainedNetwork());
  }

  /**
   * Whether the model has a training summary: true right after {@code fit}, false once saved and
   * loaded (as in MLlib); {@link #trainingHistory()} is kept either way.
   */
  boolean hasSummary();

  /**
   * The Keras-style layer table: layer, output width, parameters, total (what {@code descent
   * summary} prints; the training summary is {@code summary()}).
   */
  default String describe() {
    return NetworkSummary.of(trainedNetwork().spec()).format();
  }

  /** Per-epoch metrics of the training run (validation metrics NaN without validation rows). */
  default List<EpochMetrics> trainingHistory() {
    return trainedNetwork().history();
  }

  /**
   * Writes the model as an ONNX file (see docs/onnx.md) to {@code uri}, on any Hadoop file system
   * the active SparkSession can reach.
   */
  default void exportOnnx(String uri) {
    org.apache.hadoop.conf.Configuration hadoop =
        org.apache.spark.sql.SparkSession.active().sparkContext().hadoopConfiguration();
    OnnxFile.write(
        trainedNetwork().toSavedModel(Map.of()), new Path(uri), hadoop, "the spark.ml model");
  }

  /** Where the model came from: versions, time, data and every training key (never secrets). */
  default Map<String, String> provenance() {
    return trainedNetwork().provenance();
  }

  /** The error of {@code summary()} on a model without one. */
  static IllegalStateException noSummary(DescentModel model) {
    return new IllegalStateException(
        "No training summary available for this "
            + model.getClass().getSimpleName()
            + ": a model has one right after fit, not once saved and loaded (check hasSummary());"
            + " its per-epoch history is still in trainingHistory(), its layers in describe()");
  }
}
