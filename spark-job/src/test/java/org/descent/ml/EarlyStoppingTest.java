package org.descent.ml;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.descent.ps.InvalidConfigException;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * earlyStopMetric, earlyStopTol and patience in spark.ml: the model holds the weights of the epoch
 * best by the chosen validation metric, and a run without gains stops.
 */
class EarlyStoppingTest {
  @RegisterExtension static final LocalSpark SPARK = LocalSpark.withCores(2);

  private static int firstBest(double[] values, boolean higherIsBetter) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (higherIsBetter ? values[i] > values[best] : values[i] < values[best]) {
        best = i;
      }
    }
    return best + 1;
  }

  @Test
  void aClassifierStoppingOnAccuracyHoldsTheMostAccurateEpoch() {
    Dataset<Row> iris =
        IrisFrame.read(SPARK.session()).withColumn("isVal", col("sepal_width").geq(3.4));
    DescentClassificationModel model =
        new DescentClassifier()
            .setHiddenLayers(8)
            .setStepSize(0.05)
            .setBatchSize(20)
            .setMaxIter(15)
            .setSeed(5)
            .setValidationIndicatorCol("isVal")
            .setEarlyStopMetric("accuracy")
            .fit(iris);
    double[] accuracy = model.summary().validationHistory("accuracy");
    assertEquals(firstBest(accuracy, true), model.summary().bestEpoch());
    assertEquals(
        accuracy[model.summary().bestEpoch() - 1],
        model.evaluate(iris.filter(col("isVal"))).accuracy(),
        1e-9);
  }

  @Test
  void withPatienceAndALargeTolTheRunStopsAfterPatienceEpochs() {
    Dataset<Row> iris =
        IrisFrame.read(SPARK.session()).withColumn("isVal", col("sepal_width").geq(3.4));
    DescentClassificationModel model =
        new DescentClassifier()
            .setHiddenLayers(8)
            .setStepSize(0.05)
            .setBatchSize(20)
            .setMaxIter(15)
            .setSeed(5)
            .setValidationIndicatorCol("isVal")
            .setEarlyStopMetric("f1")
            .setEarlyStopTol(2) // F1 ≤ 1: no epoch after the first can gain more than 2
            .setPatience(3)
            .fit(iris);
    assertEquals(
        4, model.summary().totalIterations() / ((iris.filter("not isVal").count() + 19) / 20));
    assertTrue(model.summary().stoppedEarly());
  }

  @Test
  void aRegressorStoppingOnRmseHoldsTheEpochWithTheLowestRmse() {
    Dataset<Row> raw =
        SPARK
            .session()
            .read()
            .option("header", "true")
            .option("inferSchema", "true")
            .csv("../data/diabetes.csv")
            .withColumn("isVal", col("age").geq(60));
    String[] features =
        Arrays.stream(raw.columns())
            .filter(c -> !c.equals("target") && !c.equals("isVal"))
            .toArray(String[]::new);
    Dataset<Row> data =
        new VectorAssembler().setInputCols(features).setOutputCol("features").transform(raw);
    DescentRegressionModel model =
        new DescentRegressor()
            .setHiddenLayers(16)
            .setStepSize(0.03)
            .setBatchSize(64)
            .setMaxIter(12)
            .setSeed(5)
            .setLabelCol("target")
            .setValidationIndicatorCol("isVal")
            .setEarlyStopMetric("rmse")
            .fit(data);
    double[] mse = model.summary().validationHistory("mse");
    int best = model.summary().bestEpoch();
    assertEquals(firstBest(mse, false), best);
    double rmse =
        new RegressionEvaluator()
            .setLabelCol("target")
            .setMetricName("rmse")
            .evaluate(model.transform(data.filter(col("isVal"))));
    assertEquals(Math.sqrt(mse[best - 1]), rmse, 1e-3 * rmse);
  }

  @Test
  void aMetricOfTheOtherKindIsRefusedWhenSet() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class, () -> new DescentRegressor().setEarlyStopMetric("f1"));
    assertTrue(e.getMessage().contains("train.earlyStopMetric=f1"), e.getMessage());
    assertThrows(
        InvalidConfigException.class, () -> new DescentClassifier().setEarlyStopMetric("rmse"));
  }
}
