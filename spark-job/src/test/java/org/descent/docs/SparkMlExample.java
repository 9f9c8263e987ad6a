package org.descent.docs;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.descent.ml.DescentClassificationModel;
import org.descent.ml.DescentClassificationTrainingSummary;
import org.descent.ml.DescentClassifier;
import org.descent.ps.train.EpochMetrics;

/** The example of docs/spark-ml.md, compiled and run by SparkMlExampleTest. */
public final class SparkMlExample {
  private SparkMlExample() {}

  /** Trains, tunes, saves, loads and exports; returns the test accuracy. */
  public static double run(SparkSession spark, String irisCsv, String outDir)
      throws java.io.IOException {
    // begin example
    Dataset<Row> raw =
        spark.read().option("header", "true").option("inferSchema", "true").csv(irisCsv);
    Dataset<Row>[] split = raw.randomSplit(new double[] {0.8, 0.2}, 7);
    Dataset<Row> train = split[0];
    Dataset<Row> test = split[1];

    VectorAssembler assemble =
        new VectorAssembler()
            .setInputCols(
                new String[] {"sepal_length", "sepal_width", "petal_length", "petal_width"})
            .setOutputCol("raw");
    StandardScaler scale =
        new StandardScaler().setWithMean(true).setInputCol("raw").setOutputCol("features");
    DescentClassifier descent =
        new DescentClassifier()
            .setHiddenLayers(32, 16) // 4 → 32 → 16 → 3 (input and output widths come from the data)
            .setActivation("relu")
            .setOptimizer("adam")
            .setStepSize(0.01) // MLlib's names: stepSize is the learning rate (optimizer.lr)
            .setBatchSize(32)
            .setMaxIter(30) // epochs (train.epochs)
            .setSeed(42)
            .setConfig("scaling", "none") // StandardScaler already did it
            .setConfig("model.batchNorm", "true"); // any key, by Param name or dotted key
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assemble, scale, descent});

    // Tune any training key: each one is a Param (stepSize, dropout, lrSchedule, …).
    ParamMap[] grid =
        new ParamGridBuilder()
            .addGrid(descent.stepSize(), new double[] {0.01, 0.003})
            .addGrid(descent.doubleParam("dropout"), new double[] {0.0, 0.2})
            .build();
    MulticlassClassificationEvaluator accuracy =
        new MulticlassClassificationEvaluator().setMetricName("accuracy");
    CrossValidatorModel cv =
        new CrossValidator()
            .setEstimator(pipeline)
            .setEstimatorParamMaps(grid)
            .setEvaluator(accuracy)
            .setNumFolds(2)
            .setSeed(1)
            .fit(train);
    PipelineModel best = (PipelineModel) cv.bestModel();
    double testAccuracy = accuracy.evaluate(best.transform(test));

    // The training summary of the best model, fitted on all of train (as MLlib's summaries).
    DescentClassificationTrainingSummary summary =
        ((DescentClassificationModel) best.stages()[2]).summary();
    System.out.printf(
        "%d epochs, %d steps, %.1f s; loss %.4f → %.4f; training accuracy %.3f, F1 %.3f%n",
        summary.epochsRun(),
        summary.totalIterations(),
        summary.wallTimeSeconds(),
        summary.objectiveHistory()[0],
        summary.objectiveHistory()[summary.epochsRun() - 1],
        summary.accuracy(),
        summary.weightedFMeasure());

    // Save and load on any Hadoop file system (file://, hdfs://, s3a://, …).
    best.write().overwrite().save(outDir + "/iris-pipeline");
    PipelineModel loaded = PipelineModel.load(outDir + "/iris-pipeline");
    DescentClassificationModel network = (DescentClassificationModel) loaded.stages()[2];
    System.out.println(network.describe()); // the layer table; no summary once loaded
    for (EpochMetrics epoch : network.trainingHistory()) {
      System.out.printf(
          "epoch %d: train loss %.4f, validation accuracy %.3f%n",
          epoch.epoch(), epoch.trainLoss(), epoch.validationAccuracy());
    }
    System.out.println(
        "trained with optimizer.lr=" + network.provenance().get("config.optimizer.lr"));
    // Serve it outside Spark: the network alone, on already-scaled features (see docs/onnx.md).
    network.exportOnnx(outDir + "/iris.onnx");
    // end example
    return testAccuracy;
  }
}
