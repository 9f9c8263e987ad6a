package org.descent.ml;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * validationFraction: a share of the rows chosen by a seeded hash of each row, so the same seed
 * validates on the same rows however the DataFrame is partitioned or ordered.
 */
class ValidationFractionTest {
  @RegisterExtension static final LocalSpark SPARK = LocalSpark.withCores(2);

  private static final int ROWS = 2000;
  private static Dataset<Row> rows;

  @BeforeAll
  static void build() {
    List<Row> data = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      data.add(RowFactory.create(Vectors.dense(i * 0.01, Math.sin(i)), (double) (i % 3)));
    }
    StructType schema =
        new StructType().add("features", new VectorUDT()).add("label", DataTypes.DoubleType);
    rows = SPARK.session().createDataFrame(data, schema).cache();
  }

  private static List<String> validationOf(Dataset<Row> in, double fraction, long seed) {
    return sorted(ValidationRows.split(in, false, fraction, seed)[1]);
  }

  /** The rows of {@code frame} as text, sorted: a set to compare across partitionings. */
  private static List<String> sorted(Dataset<Row> frame) {
    return frame.collectAsList().stream().map(Row::toString).sorted().toList();
  }

  @Test
  void theSameSeedValidatesOnTheSameRowsWhateverThePartitioning() {
    List<String> one = validationOf(rows.repartition(1), 0.3, 7);
    assertEquals(one, validationOf(rows.repartition(7), 0.3, 7));
    assertEquals(one, validationOf(rows.orderBy(col("label").desc()).repartition(3), 0.3, 7));
  }

  @Test
  void aboutTheFractionOfTheRowsValidatesAndTheRestTrain() {
    Dataset<Row>[] split = ValidationRows.split(rows, false, 0.3, 7);
    long validation = split[1].count();
    // 600 expected; 4 standard deviations of a binomial(2000, 0.3) is 82.
    assertTrue(Math.abs(validation - 600) < 82, validation + " validation rows");
    assertEquals(ROWS - validation, split[0].count());
    assertEquals(0, split[0].intersect(split[1]).count());
  }

  @Test
  void aWeightColumnMovesNoRowBetweenTheSides() {
    Dataset<Row> weighted = rows.withColumn("weight", col("label").multiply(0.5).plus(1));
    List<String> withWeights =
        sorted(ValidationRows.split(weighted, false, 0.3, 7)[1].drop("weight"));
    assertEquals(validationOf(rows, 0.3, 7), withWeights);
  }

  @Test
  void anotherSeedValidatesOnOtherRows() {
    assertNotEquals(validationOf(rows, 0.3, 7), validationOf(rows, 0.3, 8));
  }

  @Test
  void aFitTrainsOnTheRowsTheSplitLeaves() {
    long trainRows = ValidationRows.split(rows, false, 0.25, 3)[0].count();
    DescentClassificationModel model =
        new DescentClassifier()
            .setHiddenLayers(4)
            .setBatchSize(100)
            .setMaxIter(2)
            .setSeed(3)
            .setConfig("validationFraction", "0.25")
            .fit(rows.repartition(5));
    assertEquals(2 * ((trainRows + 99) / 100), model.summary().totalIterations());
  }
}
