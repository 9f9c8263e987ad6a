package org.descent.ml;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.descent.ps.InvalidConfigException;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A column of SparseVectors trains through the sparse first layer (CSR blocks, never densified) to
 * the result of the dense path on the same rows as DenseVectors, for the classifier and the
 * regressor, with weights and validation rows; dense and sparse rows may mix in one column.
 */
class SparseVectorColumnTest {
  @RegisterExtension static final LocalSpark SPARK = LocalSpark.withCores(2);

  static final int WIDTH = 3000;
  static final int ROWS = 600;

  /** How a row's vector is stored. */
  enum Form {
    SPARSE,
    DENSE,
    MIXED
  }

  /**
   * ROWS rows of WIDTH features, 12 stored entries each (0.4% density); label = the class c in 0..2
   * whose features (index % 3 == c) sum highest; a weight in [0.5, 2); every fifth row validates.
   * The same rows whatever the form.
   */
  static Dataset<Row> rows(Form form) {
    SplittableRandom random = new SplittableRandom(11);
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < ROWS; r++) {
      TreeMap<Integer, Double> entries = new TreeMap<>();
      while (entries.size() < 12) {
        entries.put(random.nextInt(WIDTH), 1 + random.nextInt(3) * 0.5);
      }
      double[] perClass = new double[3];
      entries.forEach((i, v) -> perClass[i % 3] += v);
      int label =
          perClass[0] >= perClass[1] && perClass[0] >= perClass[2]
              ? 0
              : perClass[1] >= perClass[2] ? 1 : 2;
      int[] indices = entries.keySet().stream().mapToInt(Integer::intValue).toArray();
      double[] values = entries.values().stream().mapToDouble(Double::doubleValue).toArray();
      Vector sparse = Vectors.sparse(WIDTH, indices, values);
      boolean asDense = form == Form.DENSE || form == Form.MIXED && r % 2 == 0;
      rows.add(
          RowFactory.create(
              asDense ? sparse.toDense() : sparse,
              (double) label,
              0.5 + random.nextDouble() * 1.5,
              r % 5 == 0));
    }
    StructType schema =
        new StructType()
            .add("features", new VectorUDT())
            .add("label", DataTypes.DoubleType)
            .add("w", DataTypes.DoubleType)
            .add("isVal", DataTypes.BooleanType);
    // Two partitions holding the rows in this order (repartition would sort by the rows' binary
    // form, which differs between the forms, and so place the same rows differently).
    return SPARK
        .session()
        .createDataFrame(
            org.apache.spark.api.java.JavaSparkContext.fromSparkContext(
                    SPARK.session().sparkContext())
                .parallelize(rows, 2),
            schema);
  }

  static DescentClassifier classifier() {
    return new DescentClassifier()
        .setHiddenLayers(16)
        .setScaling("maxabs")
        .setStepSize(0.01)
        .setBatchSize(64)
        .setMaxIter(4)
        .setSeed(3)
        .setValidationIndicatorCol("isVal");
  }

  /** The models' parameters agree within 1e-4 of the largest, and so do their probabilities. */
  static void assertSameModel(DescentModel a, DescentModel b) {
    float[] pa = a.trainedNetwork().parameters();
    float[] pb = b.trainedNetwork().parameters();
    float scale = 0;
    for (float p : pa) {
      scale = Math.max(scale, Math.abs(p));
    }
    for (int i = 0; i < pa.length; i++) {
      assertEquals(pa[i], pb[i], 1e-4f * scale, "parameter " + i);
    }
  }

  @Test
  void aSparseColumnTrainsSparseToTheDensePathsWeightsAndPredictions() {
    Dataset<Row> sparse = rows(Form.SPARSE).cache();
    Dataset<Row> dense = rows(Form.DENSE).cache();
    DescentClassificationModel s = classifier().fit(sparse);
    DescentClassificationModel d = classifier().fit(dense);
    assertTrue(s.summary().sparseInput(), "a 0.4%-dense SparseVector column trains sparse");
    assertFalse(d.summary().sparseInput(), "DenseVectors train dense");
    assertSameModel(s, d);
    // Validation (evaluation on sparse blocks) saw the same metrics.
    double[] vs = s.summary().validationHistory("loss");
    double[] vd = d.summary().validationHistory("loss");
    for (int e = 0; e < vs.length; e++) {
      assertEquals(vd[e], vs[e], 1e-4 * Math.abs(vd[e]), "validation loss of epoch " + (e + 1));
    }
    assertEquals(
        d.summary().validationHistory("accuracy")[vd.length - 1],
        s.summary().validationHistory("accuracy")[vs.length - 1]);
    // transform of a SparseVector (sparse first layer) = transform of its dense form.
    List<Row> ps = s.transform(sparse).select("probability", "prediction").collectAsList();
    List<Row> pd = s.transform(dense).select("probability", "prediction").collectAsList();
    for (int r = 0; r < ps.size(); r++) {
      double[] a = ((Vector) ps.get(r).get(0)).toArray();
      double[] b = ((Vector) pd.get(r).get(0)).toArray();
      for (int c = 0; c < a.length; c++) {
        assertEquals(b[c], a[c], 1e-5, "row " + r + " class " + c);
      }
    }
    assertTrue(s.evaluate(sparse).accuracy() > 0.6, "it learns: " + s.evaluate(sparse).accuracy());
  }

  @Test
  void denseAndSparseRowsMayMixInOneColumn() {
    DescentClassificationModel mixed = classifier().fit(rows(Form.MIXED));
    DescentClassificationModel dense = classifier().fit(rows(Form.DENSE));
    assertTrue(mixed.summary().sparseInput());
    assertSameModel(mixed, dense);
  }

  @Test
  void weightedSparseRowsTrainAsWeightedDenseRows() {
    DescentClassificationModel s = classifier().setWeightCol("w").fit(rows(Form.SPARSE));
    DescentClassificationModel d = classifier().setWeightCol("w").fit(rows(Form.DENSE));
    DescentClassificationModel unweighted = classifier().fit(rows(Form.SPARSE));
    assertTrue(s.summary().sparseInput());
    assertSameModel(s, d);
    assertFalse(
        java.util.Arrays.equals(
            s.trainedNetwork().parameters(), unweighted.trainedNetwork().parameters()),
        "the weights change the result");
  }

  @Test
  void aSparseRegressorTrainsToTheDenseRegressor() {
    DescentRegressor r =
        new DescentRegressor()
            .setHiddenLayers(8)
            .setScaling("none")
            .setStepSize(0.01)
            .setBatchSize(64)
            .setMaxIter(3)
            .setSeed(3)
            .setValidationIndicatorCol("isVal");
    DescentRegressionModel s = r.fit(rows(Form.SPARSE));
    DescentRegressionModel d = r.fit(rows(Form.DENSE));
    assertTrue(s.summary().sparseInput());
    assertSameModel(s, d);
  }

  @Test
  void aSparseColumnWithTheDefaultScalingStaysSparseScaledByMaxabs() {
    Dataset<Row> sparse = rows(Form.SPARSE);
    DescentClassificationModel m =
        new DescentClassifier()
            .setHiddenLayers(16)
            .setMaxIter(1)
            .setSeed(3)
            .setValidationIndicatorCol("isVal")
            .fit(sparse); // no setScaling: the default, standardize, would densify the rows
    assertTrue(m.summary().sparseInput(), "the default scaling keeps a sparse column sparse");
    assertEquals(
        org.descent.nn.FeatureScaling.Mode.MAXABS,
        m.trainedNetwork().featureScaling().mode(),
        "by maxabs");
    DescentClassificationModel dense =
        new DescentClassifier()
            .setHiddenLayers(16)
            .setMaxIter(1)
            .setSeed(3)
            .setValidationIndicatorCol("isVal")
            .fit(rows(Form.DENSE));
    assertEquals(
        org.descent.nn.FeatureScaling.Mode.STANDARDIZE,
        dense.trainedNetwork().featureScaling().mode(),
        "dense columns keep the default");
  }

  @Test
  void aScalingThatShiftsColumnsDensifiesUnderAutoAndIsRefusedUnderTrue() {
    Dataset<Row> sparse = rows(Form.SPARSE).filter(col("isVal").or(col("label").equalTo(0.0)));
    DescentClassificationModel standardized =
        classifier().setScaling("standardize").setMaxIter(1).fit(sparse);
    assertFalse(standardized.summary().sparseInput(), "standardize densifies (and says so)");
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () ->
                classifier()
                    .setScaling("standardize")
                    .setSparseInput("true")
                    .setMaxIter(1)
                    .fit(sparse));
    assertTrue(e.getMessage().contains("scaling=standardize shifts every column"), e.getMessage());
    assertTrue(e.getMessage().contains("maxabs"), e.getMessage());
  }

  @Test
  void sparseInputTrueKeepsADenseColumnAsCsrBlocksWithTheSameResult() {
    DescentClassificationModel csr = classifier().setSparseInput("true").fit(rows(Form.DENSE));
    DescentClassificationModel dense = classifier().fit(rows(Form.DENSE));
    assertTrue(csr.summary().sparseInput());
    assertSameModel(csr, dense);
    assertTrue(rows(Form.SPARSE).first().get(0) instanceof SparseVector);
  }

  @Test
  void crossValidatorTunesTheNewParamsByNameAndItsModelSavesAndLoads(@TempDir Path dir)
      throws Exception {
    DescentClassifier c = classifier().setMaxIter(3).setPatience(1);
    ParamMap[] grid =
        new ParamGridBuilder()
            .addGrid(c.stringParam("earlyStopMetric"), toSeq("loss", "f1"))
            .addGrid(c.stringParam("sparseInput"), toSeq("auto", "false"))
            .addGrid(c.stringParam("onBadRecord"), toSeq("skip"))
            .addGrid(c.doubleParam("earlyStopTol"), new double[] {0.001})
            .build();
    assertEquals(4, grid.length);
    assertEquals(
        java.util.Set.of("earlyStopMetric", "sparseInput", "onBadRecord", "earlyStopTol"),
        grid[0].toList().stream().map(p -> p.param().name()).collect(Collectors.toSet()));
    Dataset<Row> data = rows(Form.SPARSE).cache();
    CrossValidatorModel cv =
        new CrossValidator()
            .setEstimator(c)
            .setEstimatorParamMaps(grid)
            .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"))
            .setNumFolds(2)
            .setSeed(1)
            .fit(data);
    assertEquals(4, cv.avgMetrics().length);
    DescentClassificationModel best = (DescentClassificationModel) cv.bestModel();
    assertEquals("skip", best.provenance().get("config.data.onBadRecord"));
    String uri = dir.resolve("cv").toUri().toString();
    cv.write().overwrite().save(uri);
    CrossValidatorModel loaded = CrossValidatorModel.load(uri);
    DescentClassifier est = (DescentClassifier) loaded.getEstimator();
    assertEquals(
        grid[3].apply(c.stringParam("sparseInput")),
        loaded.getEstimatorParamMaps()[3].apply(est.stringParam("sparseInput")));
    assertEquals(
        cv.transform(data).select("prediction").collectAsList(),
        loaded.transform(data).select("prediction").collectAsList());
  }

  private static scala.collection.immutable.Seq<String> toSeq(String... values) {
    return scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.of(values)).toList();
  }
}
