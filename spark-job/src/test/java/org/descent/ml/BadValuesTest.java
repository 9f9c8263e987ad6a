package org.descent.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.descent.data.DataException;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * NaN, ±Inf and values beyond float's range in features or labels are refused with the row's
 * position in its partition and the column, or, with onBadRecord=skip, left out and counted in the
 * summary — in dense and sparse vectors alike.
 */
class BadValuesTest {
  @RegisterExtension static final LocalSpark SPARK = LocalSpark.withCores(2);

  /**
   * 2 partitions of 40 rows each, row r of 4 features with label r % 2; {@code bad} replaces row 7
   * of partition 1.
   */
  private static Dataset<Row> frame(Row bad) {
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < 80; r++) {
      double x = r % 2 == 0 ? 1 : -1;
      Vector v =
          r % 3 == 0
              ? Vectors.sparse(4, new int[] {0, 2}, new double[] {x, 0.5})
              : Vectors.dense(x, 0.1 * r, 0.5, -x);
      rows.add(r == 47 ? bad : RowFactory.create(v, (double) (r % 2)));
    }
    StructType schema =
        new StructType().add("features", new VectorUDT()).add("label", DataTypes.DoubleType);
    return SPARK
        .session()
        .createDataFrame(
            JavaSparkContext.fromSparkContext(SPARK.session().sparkContext()).parallelize(rows, 2),
            schema);
  }

  private static DescentClassifier classifier() {
    return new DescentClassifier()
        .setHiddenLayers(4)
        .setBatchSize(16)
        .setMaxIter(1)
        .setConfig("validationFraction", "0");
  }

  private static String refusal(Row bad) {
    return assertThrows(DataException.class, () -> classifier().fit(frame(bad))).getMessage();
  }

  @Test
  void aNanFeatureIsRefusedNamingTheRowItsPartitionTheColumnAndTheIndex() {
    String m = refusal(RowFactory.create(Vectors.dense(1, Double.NaN, 0, 0), 1.0));
    assertTrue(
        m.contains(
            "1 row of the DataFrame cannot be used; the first: row 7 of partition 1:"
                + " features column 'features' holds NaN at index 1"),
        m);
    assertTrue(m.contains("setOnBadRecord(\"skip\")"), m);
  }

  @Test
  void anInfiniteValueInASparseVectorIsRefusedAtItsIndex() {
    String m =
        refusal(
            RowFactory.create(
                Vectors.sparse(4, new int[] {1, 3}, new double[] {2, Double.NEGATIVE_INFINITY}),
                0.0));
    assertTrue(
        m.contains("row 7 of partition 1: features column 'features' holds -Infinity at index 3"),
        m);
  }

  @Test
  void aFeatureBeyondFloatRangeIsRefusedSayingSo() {
    String m = refusal(RowFactory.create(Vectors.dense(0, 0, 1e39, 0), 0.0));
    assertTrue(m.contains("holds 1.0E39 at index 2, beyond float's range"), m);
  }

  @Test
  void aNonFiniteOrHugeLabelIsRefusedNamingTheLabelColumn() {
    String inf = refusal(RowFactory.create(Vectors.dense(0, 0, 1, 0), Double.POSITIVE_INFINITY));
    assertTrue(inf.contains("row 7 of partition 1: label column 'label' holds Infinity"), inf);
    String huge = refusal(RowFactory.create(Vectors.dense(0, 0, 1, 0), 1e39));
    assertTrue(
        huge.contains("label column 'label' holds 1.0E39, which is not a finite float"), huge);
  }

  @Test
  void underSkipTheBadRowsAreLeftOutAndCountedInTheSummary() {
    DescentClassificationModel model =
        classifier()
            .setOnBadRecord("skip")
            .fit(frame(RowFactory.create(Vectors.dense(1, Double.NaN, 0, 0), 1.0)));
    assertEquals(1, model.summary().skippedRows());
    // 79 rows in batches of 16: 5 steps.
    assertEquals(5, model.summary().totalIterations());
    // The summary's metrics are on the rows it trained on: the NaN row is not among them.
    assertEquals(79, model.summary().predictions().count());
    assertTrue(Double.isFinite(model.summary().accuracy()));
    DescentClassificationModel clean =
        classifier().fit(frame(RowFactory.create(Vectors.dense(1, 0, 0, 0), 1.0)));
    assertEquals(0, clean.summary().skippedRows());
  }
}
