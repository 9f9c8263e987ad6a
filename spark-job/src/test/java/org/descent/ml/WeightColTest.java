package org.descent.ml;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.descent.cli.SparkLogCapture;
import org.descent.data.DataException;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** weightCol: a row's loss counts as many times as its weight. */
class WeightColTest {
  @RegisterExtension static final LocalSpark SPARK = LocalSpark.withCores(2);

  private static Dataset<Row> iris;

  @BeforeAll
  static void read() {
    iris = IrisFrame.read(SPARK.session()).cache();
  }

  private static DescentClassifier classifier() {
    return new DescentClassifier()
        .setHiddenLayers(8)
        .setLearningRate(0.05)
        .setBatchSize(30)
        .setEpochs(15)
        .setSeed(5);
  }

  @Test
  void weightsOfOneTrainExactlyTheUnweightedModel() {
    List<Row> plain = classifier().fit(iris).transform(iris).select("probability").collectAsList();
    Dataset<Row> ones = iris.withColumn("w", lit(1.0));
    List<Row> weighted =
        classifier()
            .setWeightCol("w")
            .fit(ones)
            .transform(ones)
            .select("probability")
            .collectAsList();
    assertEquals(plain, weighted);
  }

  @Test
  void rowsOfWeightZeroAreNotLearned() {
    // Class 2 weighs nothing: the model has no reason to predict it.
    Dataset<Row> data =
        iris.withColumn("w", when(iris.col("label").equalTo(2), 0.0).otherwise(1.0));
    Dataset<Row> out = classifier().setWeightCol("w").fit(data).transform(data);
    long class2 = data.filter("label = 2").count();
    long predicted2 = out.filter("label = 2 AND prediction = 2").count();
    assertTrue(predicted2 < class2 / 5, predicted2 + " of " + class2 + " still predicted as 2");
    long recalled =
        classifier().fit(iris).transform(iris).filter("label = 2 AND prediction = 2").count();
    assertTrue(recalled > class2 * 4 / 5, "unweighted recall " + recalled + " of " + class2);
  }

  @Test
  void aNegativeOrMissingWeightIsAClearErrorWithoutAFailedTask() {
    Dataset<Row> data =
        iris.withColumn("w", when(iris.col("label").equalTo(1), -1.0).otherwise(1.0));
    String logs;
    DataException e;
    try (SparkLogCapture log = SparkLogCapture.open()) {
      e = assertThrows(DataException.class, () -> classifier().setWeightCol("w").fit(data));
      logs = log.text();
    }
    String message = e.getMessage();
    assertTrue(message.startsWith("fit: 50 rows of the DataFrame cannot be used"), message);
    assertTrue(
        message.contains("weight column 'w' holds -1.0; weights must be finite numbers ≥ 0"),
        message);
    assertFalse(logs.contains("ERROR Executor") || logs.contains("WARN TaskSetManager"), logs);
  }

  @Test
  void aFractionalLabelIsAClearErrorWithoutAFailedTask() {
    Dataset<Row> data =
        iris.withColumn(
            "label", when(iris.col("label").equalTo(1), 1.5).otherwise(iris.col("label")));
    String logs;
    DataException e;
    try (SparkLogCapture log = SparkLogCapture.open()) {
      e = assertThrows(DataException.class, () -> classifier().fit(data));
      logs = log.text();
    }
    assertTrue(e.getMessage().contains("label column 'label' holds 1.5"), e.getMessage());
    assertTrue(e.getMessage().contains("StringIndexer"), e.getMessage());
    assertFalse(logs.contains("ERROR Executor") || logs.contains("WARN TaskSetManager"), logs);
  }
}
