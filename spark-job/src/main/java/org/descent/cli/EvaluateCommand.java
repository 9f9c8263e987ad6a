package org.descent.cli;

import java.io.PrintStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.descent.data.DataSettings;
import org.descent.data.TrainingData;
import org.descent.io.ModelStore;
import org.descent.nn.model.SavedModel;
import org.descent.ps.config.DataKeys;
import org.descent.ps.train.DataBlock;
import org.descent.ps.train.Evaluation;
import org.descent.spark.DistributedEvaluator;

/**
 * {@code descent evaluate --model DIR --data URI}: the saved model's metrics on labelled data read
 * with the data.* keys (format, label column…), after the model's own feature scaling.
 */
record EvaluateCommand(CliOptions options, PrintStream out) {
  void run() {
    String modelDir = options.require(options.model(), "--model", "--model out/model");
    String path = options.dataOrConfigured(out);
    SparkSession spark = SparkSessions.open(options.master(), "descent evaluate");
    try {
      SavedModel model = ModelStore.load(modelDir, spark.sparkContext().hadoopConfiguration());
      JavaRDD<DataBlock> data = load(spark, options, model, path, false);
      Evaluation e =
          DistributedEvaluator.evaluate(
              data, model.spec(), model.parameters(), model.layerState(), model.targetScaling());
      out.println(
          "evaluate " + path + ": " + Metrics.format(e, model.spec().loss().isClassification()));
      data.unpersist();
    } finally {
      spark.stop();
    }
  }

  /** Reads {@code path} like training data (without the split); labels optional for predict. */
  static JavaRDD<DataBlock> load(
      SparkSession spark,
      CliOptions options,
      SavedModel model,
      String path,
      boolean labelsOptional) {
    DataSettings settings = DataSettings.fromMap(options.conf().with(DataKeys.TRAIN, path).asMap());
    if (labelsOptional) {
      settings = settings.withLabelsOptional();
    }
    return TrainingData.loadAll(spark, settings, path, model.spec(), model.featureScaling());
  }
}
