package org.descent.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.linalg.Vector;
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
 * The classifier's classes: from the label column's metadata when it declares them, else from the
 * labels of every row, the held-out validation rows included.
 */
class ClassesFromLabelsTest {
  @RegisterExtension static final LocalSpark SPARK = LocalSpark.withCores(2);

  private static Dataset<Row> iris;

  @BeforeAll
  static void read() {
    iris = IrisFrame.read(SPARK.session()).cache();
  }

  private static DescentClassifier classifier() {
    return new DescentClassifier()
        .setHiddenLayers(8)
        .setStepSize(0.05)
        .setBatchSize(30)
        .setMaxIter(10)
        .setSeed(5);
  }

  @Test
  void stringIndexerMetadataGivesTheClasses() {
    Dataset<Row> named =
        iris.withColumn(
            "species",
            when(col("label").equalTo(0), "setosa")
                .when(col("label").equalTo(1), "versicolor")
                .otherwise("virginica"));
    Dataset<Row> indexed =
        new StringIndexer()
            .setInputCol("species")
            .setOutputCol("speciesIndex")
            .fit(named)
            .transform(named);
    assertEquals(3, ClassCount.fromMetadata(indexed.schema(), "speciesIndex"));
    DescentClassificationModel model = classifier().setLabelCol("speciesIndex").fit(indexed);
    assertEquals(3, model.numClasses());
    double accuracy =
        new MulticlassClassificationEvaluator()
            .setLabelCol("speciesIndex")
            .setMetricName("accuracy")
            .evaluate(model.transform(indexed));
    assertTrue(accuracy > 0.9, "accuracy " + accuracy);
  }

  @Test
  void metadataDeclaringMoreClassesThanTheRowsShowWidensTheOutput() {
    Dataset<Row> declared =
        iris.withColumn(
            "label",
            col("label").as("label", NominalAttribute.defaultAttr().withNumValues(5).toMetadata()));
    DescentClassificationModel model = classifier().fit(declared);
    assertEquals(5, model.numClasses());
    Vector p = model.transform(declared).select("probability").first().getAs(0);
    assertEquals(5, p.size());
    assertTrue(model.summary().accuracy() > 0.8, "accuracy " + model.summary().accuracy());
  }

  @Test
  void aLabelBeyondTheDeclaredClassesIsRefusedNamingTheColumnAndTheFix() {
    Dataset<Row> declared =
        iris.withColumn(
            "label",
            col("label").as("label", NominalAttribute.defaultAttr().withNumValues(2).toMetadata()));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> classifier().fit(declared));
    assertTrue(e.getMessage().contains("label column 'label' holds the label 2"), e.getMessage());
    assertTrue(e.getMessage().contains("declares 2 classes"), e.getMessage());
    assertTrue(e.getMessage().contains("StringIndexer"), e.getMessage());
  }

  @Test
  void aClassSeenOnlyInTheValidationRowsIsStillAClass() {
    StructType schema =
        new StructType()
            .add("features", new org.apache.spark.ml.linalg.VectorUDT())
            .add("label", DataTypes.DoubleType);
    // One row of class 3 among 150 of classes 0..2; validationFraction=0.5 holds it out for some
    // seeds (earlier builds counted classes on the training rows and then failed on it).
    Dataset<Row> plusOne =
        iris.select("features", "label")
            .withColumn("label", col("label").cast("double"))
            .union(
                SPARK
                    .session()
                    .createDataFrame(
                        List.of(RowFactory.create(Vectors.dense(6, 3, 5, 2), 3.0)), schema))
            .repartition(2)
            .cache();
    int heldOut = 0;
    for (long seed = 1; seed <= 6; seed++) {
      // The split fit makes: the same rows, weights and seed.
      Dataset<Row> validation =
          ValidationRows.split(
              plusOne.select(col("features"), col("label").cast("double")), false, 0.5, seed)[1];
      heldOut += validation.filter(col("label").equalTo(3)).count() > 0 ? 1 : 0;
      DescentClassificationModel model =
          classifier()
              .setMaxIter(1)
              .setSeed(seed)
              .setConfig("validationFraction", "0.5")
              .fit(plusOne);
      assertEquals(4, model.numClasses(), "seed " + seed);
    }
    assertTrue(heldOut > 0, "no seed held the class-3 row out: the test tests nothing");
  }
}
