package org.descent.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.descent.ps.InvalidConfigException;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Warm start: initialModel (a model or its saved path) and MLlib's initialWeights. */
class WarmStartTest {
  @RegisterExtension static final LocalSpark SPARK = LocalSpark.withCores(2);

  /** A rate so small that a fit leaves its initial weights as they were (to float precision). */
  private static final double STILL = 1e-30;

  private static Dataset<Row> iris;
  private static DescentClassificationModel first;

  @BeforeAll
  static void fitFirst() {
    Dataset<Row> raw =
        SPARK
            .session()
            .read()
            .option("header", "true")
            .option("inferSchema", "true")
            .csv("../data/iris.csv")
            .repartition(2);
    iris =
        new VectorAssembler()
            .setInputCols(
                new String[] {"sepal_length", "sepal_width", "petal_length", "petal_width"})
            .setOutputCol("features")
            .transform(raw)
            .cache();
    first = classifier().setMaxIter(5).fit(iris);
  }

  private static DescentClassifier classifier() {
    return new DescentClassifier()
        .setHiddenLayers(16)
        .setStepSize(0.05)
        .setBatchSize(30)
        .setSeed(3)
        .setConfig("validationFraction", "0");
  }

  private static double[][] probabilities(DescentClassificationModel m, Dataset<Row> data) {
    return m.transform(data).select("probability").collectAsList().stream()
        .map(r -> ((Vector) r.get(0)).toArray())
        .toArray(double[][]::new);
  }

  private static void assertClose(double[][] expected, double[][] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[i].length; j++) {
        assertEquals(expected[i][j], actual[i][j], 1e-6, "row " + i + " class " + j);
      }
    }
  }

  @Test
  void aFitFromAModelStartsFromItsWeightsAndScaling() {
    // Another slice of the data would fit another standardisation: the initial model's is kept.
    Dataset<Row> slice = iris.filter("label > 0");
    DescentClassificationModel still =
        classifier().setInitialModel(first).setStepSize(STILL).setMaxIter(1).fit(slice);
    assertClose(probabilities(first, iris), probabilities(still, iris));
  }

  @Test
  void trainingContinuesWhereTheInitialModelStopped(@TempDir Path dir) throws Exception {
    double[] before = first.summary().objectiveHistory();
    DescentClassificationModel next = classifier().setMaxIter(3).setInitialModel(first).fit(iris);
    double[] after = next.summary().objectiveHistory();
    assertTrue(
        after[0] < (before[0] + before[4]) / 2,
        "first epoch of the continued run " + after[0] + " vs the first run's " + before[0]);
    // From the saved model's path: the same run.
    String uri = dir.resolve("first").toUri().toString();
    first.write().save(uri);
    DescentClassificationModel fromPath = classifier().setMaxIter(3).setInitialModel(uri).fit(iris);
    assertClose(probabilities(next, iris), probabilities(fromPath, iris));
    // Each model records where it started from.
    String trainedAt = first.provenance().get("trained.at");
    assertEquals(
        "initialModel (a model object, trained at " + trainedAt + ")",
        next.provenance().get("train.warmStart"));
    assertEquals(
        "initialModel (" + uri + ", trained at " + trainedAt + ")",
        fromPath.provenance().get("train.warmStart"));
    assertNull(first.provenance().get("train.warmStart"));
  }

  @Test
  void initialWeightsAreOneFlatVectorInTheDocumentedOrder() {
    // A linear model 4 → 3 on unscaled features: W row-major [4 × 3] (indices 0..11), then b.
    double[] w = new double[4 * 3 + 3];
    w[0 * 3 + 1] = 1; // sepal_length → class 1
    w[3 * 3 + 0] = 2; // petal_width → class 0
    w[12 + 2] = 5; // bias of class 2
    DescentClassificationModel m =
        classifier()
            .setHiddenLayers()
            .setConfig("scaling", "none")
            .setInitialWeights(Vectors.dense(w))
            .setStepSize(STILL)
            .setMaxIter(1)
            .fit(iris);
    for (Row r :
        m.transform(iris).select("sepal_length", "petal_width", "rawPrediction").collectAsList()) {
      double[] raw = ((Vector) r.get(2)).toArray();
      assertEquals(2 * r.getDouble(1), raw[0], 1e-5);
      assertEquals(r.getDouble(0), raw[1], 1e-5);
      assertEquals(5, raw[2], 1e-5);
    }
  }

  @Test
  void aModelsWeightsAsInitialWeightsGiveTheSameModel() {
    float[] p = first.trainedNetwork().parameters();
    double[] w = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      w[i] = p[i];
    }
    // Same data, so the same fitted standardisation as the first model's.
    DescentClassificationModel m =
        classifier().setInitialWeights(Vectors.dense(w)).setStepSize(STILL).setMaxIter(1).fit(iris);
    assertClose(probabilities(first, iris), probabilities(m, iris));
  }

  @Test
  void anInitialModelOfOtherWidthsOrLossIsRefusedSayingWhichAndWhy(@TempDir Path dir)
      throws Exception {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> classifier().setHiddenLayers(32).setInitialModel(first).fit(iris));
    assertEquals("initialModel", e.key());
    assertTrue(e.getMessage().contains("has layers [4, 16, 3]"), e.getMessage());
    assertTrue(e.getMessage().contains("[4, 32, 3]"), e.getMessage());
    assertTrue(e.getMessage().contains("hiddenLayers"), e.getMessage());
    // The same widths with another loss: a sigmoid head on two classes has one output, as a
    // regressor has.
    DescentClassificationModel sigmoid =
        classifier().setMaxIter(1).setConfig("head", "sigmoid").fit(iris.filter("label < 2"));
    String sigmoidUri = dir.resolve("sigmoid").toUri().toString();
    sigmoid.write().save(sigmoidUri);
    DescentRegressor regressor =
        new DescentRegressor()
            .setHiddenLayers(16)
            .setBatchSize(30)
            .setMaxIter(1)
            .setConfig("validationFraction", "0")
            .setInitialModel(sigmoidUri);
    InvalidConfigException loss =
        assertThrows(InvalidConfigException.class, () -> regressor.fit(iris));
    assertTrue(loss.getMessage().contains("loss but this fit trains with"), loss.getMessage());
  }

  @Test
  void initialWeightsOfTheWrongLengthOrBothStartsAreRefused(@TempDir Path dir) {
    InvalidConfigException length =
        assertThrows(
            InvalidConfigException.class,
            () -> classifier().setInitialWeights(Vectors.zeros(10)).fit(iris));
    assertEquals("initialWeights", length.key());
    // 4·16+16 + 16·3+3 = 131
    assertTrue(length.getMessage().contains("10 values"), length.getMessage());
    assertTrue(length.getMessage().contains("131 parameters"), length.getMessage());
    InvalidConfigException both =
        assertThrows(
            InvalidConfigException.class,
            () ->
                classifier()
                    .setInitialModel(first)
                    .setInitialWeights(Vectors.zeros(131))
                    .fit(iris));
    assertTrue(both.getMessage().contains("both"), both.getMessage());
    String missing = dir.resolve("nothing-here").toUri().toString();
    InvalidConfigException absent =
        assertThrows(
            InvalidConfigException.class, () -> classifier().setInitialModel(missing).fit(iris));
    assertTrue(absent.getMessage().contains("does not exist"), absent.getMessage());
  }

  @Test
  void theStartIsSavedWithTheEstimatorAndCopied(@TempDir Path dir) throws Exception {
    Vector w = Vectors.dense(1, 2, 3);
    DescentClassifier c = classifier().setInitialWeights(w).setInitialModel("/models/a");
    String uri = dir.resolve("estimator").toUri().toString();
    c.write().save(uri);
    DescentClassifier loaded = DescentClassifier.load(uri);
    assertEquals(w, loaded.getInitialWeights());
    assertEquals("/models/a", loaded.getInitialModel());
    DescentClassifier fromObject = classifier().setInitialModel(first);
    assertNull(fromObject.getInitialModel());
    assertSame(first.trainedNetwork(), fromObject.copy(ParamMap.empty()).defs().initialNetwork);
  }
}
