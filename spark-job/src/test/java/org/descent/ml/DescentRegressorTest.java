package org.descent.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DescentRegressorTest {
  @RegisterExtension static final LocalSpark SPARK = LocalSpark.withCores(2);

  @Test
  void fitsDiabetesAndRoundTrips(@TempDir Path dir) throws Exception {
    Dataset<Row> raw =
        SPARK
            .session()
            .read()
            .option("header", "true")
            .option("inferSchema", "true")
            .csv("../data/diabetes.csv")
            .repartition(2);
    String[] features =
        Arrays.stream(raw.columns()).filter(c -> !c.equals("target")).toArray(String[]::new);
    Dataset<Row> data =
        new VectorAssembler().setInputCols(features).setOutputCol("features").transform(raw);
    DescentRegressor regressor =
        new DescentRegressor()
            .setHiddenLayers(16)
            .setLearningRate(0.03)
            .setBatchSize(64)
            .setEpochs(20)
            .setSeed(5)
            .setLabelCol("target");
    DescentRegressionModel model = regressor.fit(data);
    assertEquals(10, model.numFeatures());
    Dataset<Row> predicted = model.transform(data);
    double r2 =
        new RegressionEvaluator().setLabelCol("target").setMetricName("r2").evaluate(predicted);
    assertTrue(r2 > 0.3, "r2 " + r2);

    assertTrue(model.hasSummary());
    DescentRegressionTrainingSummary summary = model.summary();
    assertEquals(20, summary.objectiveHistory().length);
    assertEquals(model.trainingHistory().get(19).trainLoss(), summary.objectiveHistory()[19]);
    assertEquals(
        List.of("loss", "mse", "rmse", "mae", "r2"),
        List.copyOf(summary.validationHistory().keySet()));
    assertEquals(
        Math.sqrt(summary.validationHistory("mse")[4]), summary.validationHistory("rmse")[4]);
    assertEquals(model.trainingHistory().get(4).validationR2(), summary.validationHistory("r2")[4]);
    assertTrue(summary.totalIterations() >= 20, "steps " + summary.totalIterations());

    String uri = dir.resolve("model").toUri().toString();
    model.write().overwrite().save(uri);
    DescentRegressionModel loaded = DescentRegressionModel.load(uri);
    assertEquals("target", loaded.getLabelCol());
    assertFalse(loaded.hasSummary());
    assertThrows(IllegalStateException.class, loaded::summary);
    assertEquals(
        predicted.select("prediction").collectAsList(),
        loaded.transform(data).select("prediction").collectAsList());

    Path onnx = dir.resolve("diabetes.onnx");
    loaded.exportOnnx(onnx.toUri().toString());
    OnnxAgreement.check(predicted, "prediction", onnx, "predictions");

    DescentRegressor copy = regressor.copy(ParamMap.empty());
    assertEquals(regressor.getEpochs(), copy.getEpochs());
    assertTrue(copy.explainParams().contains("hiddenLayers"));
  }
}
