package org.descent.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.descent.ps.InvalidConfigException;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** validationIndicatorCol: MLlib's GBT name and meaning, true rows validate, the rest train. */
class ValidationIndicatorTest {
  @RegisterExtension static final LocalSpark SPARK = LocalSpark.withCores(2);

  private static Dataset<Row> iris;

  @BeforeAll
  static void read() {
    iris =
        IrisFrame.read(SPARK.session())
            // A fixed choice of rows, by value: about a fifth of them.
            .withColumn("isVal", col("sepal_width").geq(3.4))
            .cache();
  }

  private static DescentClassifier classifier() {
    return new DescentClassifier()
        .setHiddenLayers(8)
        .setStepSize(0.05)
        .setBatchSize(20)
        .setMaxIter(8)
        .setSeed(5);
  }

  @Test
  void theTrueRowsValidateAndTheOthersTrain() {
    Dataset<Row> validation = iris.filter(col("isVal"));
    long validationRows = validation.count();
    long trainRows = iris.count() - validationRows;
    assertTrue(validationRows > 10 && trainRows > 100, validationRows + " validation rows");
    DescentClassificationModel model = classifier().setValidationIndicatorCol("isVal").fit(iris);
    DescentClassificationTrainingSummary s = model.summary();
    // Training steps: ceil(false rows / 20) per epoch.
    assertEquals(8 * ((trainRows + 19) / 20), s.totalIterations());
    // The model holds the best epoch's weights: its accuracy on the true rows is that epoch's
    // validation accuracy.
    double best = s.validationHistory("accuracy")[s.bestEpoch() - 1];
    assertEquals(best, model.evaluate(validation).accuracy(), 1e-9);
  }

  @Test
  void nullRowsTrain() {
    Dataset<Row> withNulls =
        iris.withColumn(
            "isVal",
            org.apache
                .spark
                .sql
                .functions
                .when(col("sepal_width").geq(3.4), lit(true))
                .otherwise(lit(null).cast("boolean")));
    long trainRows = withNulls.filter(col("isVal").isNull()).count();
    DescentClassificationModel model =
        classifier().setMaxIter(1).setValidationIndicatorCol("isVal").fit(withNulls);
    assertEquals((trainRows + 19) / 20, model.summary().totalIterations());
  }

  @Test
  void aMissingNonBooleanOrOneSidedColumnIsRefusedSayingWhy() {
    InvalidConfigException missing =
        assertThrows(
            InvalidConfigException.class,
            () -> classifier().setValidationIndicatorCol("nope").fit(iris));
    assertTrue(missing.getMessage().contains("'nope' is not a column"), missing.getMessage());
    InvalidConfigException type =
        assertThrows(
            InvalidConfigException.class,
            () -> classifier().setValidationIndicatorCol("label").fit(iris));
    assertTrue(type.getMessage().contains("must be boolean"), type.getMessage());
    InvalidConfigException none =
        assertThrows(
            InvalidConfigException.class,
            () ->
                classifier()
                    .setValidationIndicatorCol("isVal")
                    .fit(iris.withColumn("isVal", lit(false))));
    assertTrue(none.getMessage().contains("marks no row true"), none.getMessage());
  }
}
