package org.descent.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.descent.ps.InvalidConfigException;
import org.descent.ps.train.EpochMetrics;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DescentClassifierTest {
  @RegisterExtension static final LocalSpark SPARK = LocalSpark.withCores(2);

  private static final String[] COLUMNS = {
    "sepal_length", "sepal_width", "petal_length", "petal_width"
  };

  private static Dataset<Row> iris;
  private static Dataset<Row> train;
  private static Dataset<Row> test;
  private static DescentClassificationModel model;

  @BeforeAll
  static void fit() {
    Dataset<Row> raw =
        SPARK
            .session()
            .read()
            .option("header", "true")
            .option("inferSchema", "true")
            .csv("../data/iris.csv")
            .repartition(2);
    iris = new VectorAssembler().setInputCols(COLUMNS).setOutputCol("features").transform(raw);
    Dataset<Row>[] split = iris.randomSplit(new double[] {0.7, 0.3}, 7);
    train = split[0].cache();
    test = split[1].cache();
    model = classifier().fit(train);
  }

  private static DescentClassifier classifier() {
    return new DescentClassifier()
        .setHiddenLayers(16)
        .setLearningRate(0.05)
        .setBatchSize(32)
        .setEpochs(20)
        .setSeed(3);
  }

  private static double accuracy(Dataset<Row> predictions) {
    return new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predictions);
  }

  @Test
  void learnsIris() {
    Dataset<Row> predictions = model.transform(test);
    assertTrue(accuracy(predictions) > 0.9, "accuracy " + accuracy(predictions));
    assertEquals(3, model.numClasses());
    assertEquals(4, model.numFeatures());
    Row r = predictions.select("probability", "rawPrediction").first();
    Vector p = r.getAs(0);
    assertEquals(3, p.size());
    assertEquals(1.0, p.toArray()[0] + p.toArray()[1] + p.toArray()[2], 1e-9);
    assertEquals(3, ((Vector) r.getAs(1)).size());
  }

  @Test
  void saveLoadGivesIdenticalPredictions(@TempDir Path dir) throws Exception {
    String uri = dir.resolve("model").toUri().toString();
    model.write().overwrite().save(uri);
    assertTrue(Files.exists(dir.resolve("model/data/model.bin")));
    assertTrue(Files.isDirectory(dir.resolve("model/metadata")));
    DescentClassificationModel loaded = DescentClassificationModel.load(uri);
    assertEquals(model.uid(), loaded.uid());
    assertEquals(model.getFeaturesCol(), loaded.getFeaturesCol());
    assertSame(model.transform(test), loaded.transform(test));
  }

  @Test
  void theModelShowsItsSummaryHistoryAndProvenanceAndKeepsThemWhenSaved(@TempDir Path dir)
      throws Exception {
    String summary = model.describe();
    // 4·16+16 + 16·3+3 = 131 parameters
    assertTrue(summary.lines().anyMatch(l -> l.matches("total\\s+131")), summary);
    assertEquals(20, model.trainingHistory().size());
    // data.validationFraction=0.1 holds rows out for per-epoch validation, as on the command line.
    double lastAccuracy = model.trainingHistory().get(19).validationAccuracy();
    assertTrue(lastAccuracy > 0.5 && lastAccuracy <= 1, "validation accuracy " + lastAccuracy);
    Map<String, String> provenance = model.provenance();
    assertEquals("0.05", provenance.get("config.optimizer.lr"));
    assertEquals("4,16,3", provenance.get("config.model.layers"));
    assertEquals(SPARK.session().version(), provenance.get("spark.version"));
    assertTrue(provenance.get("data.train").startsWith("DataFrame struct<"), provenance.toString());

    String uri = dir.resolve("model").toUri().toString();
    model.write().overwrite().save(uri);
    DescentClassificationModel loaded = DescentClassificationModel.load(uri);
    assertEquals(model.trainingHistory(), loaded.trainingHistory());
    assertEquals(model.describe(), loaded.describe());
    assertEquals(model.uid(), loaded.provenance().get("spark.ml.uid"));
    assertEquals(provenance.get("trained.at"), loaded.provenance().get("trained.at"));
  }

  @Test
  void theTrainingSummaryHoldsTheRunEpochByEpoch() {
    assertTrue(model.hasSummary());
    DescentClassificationTrainingSummary s = model.summary();
    List<EpochMetrics> history = model.trainingHistory();
    double[] objective = s.objectiveHistory();
    assertEquals(20, objective.length);
    assertEquals(20, s.epochsRun());
    for (int i = 0; i < 20; i++) {
      assertEquals(history.get(i).trainLoss(), objective[i]);
    }
    assertTrue(objective[19] < objective[0] / 2, java.util.Arrays.toString(objective));
    // Validation rows (validationFraction=0.1): loss, accuracy and F1 per epoch, nothing else.
    assertEquals(List.of("loss", "accuracy", "f1"), List.copyOf(s.validationHistory().keySet()));
    double[] f1 = s.validationHistory("f1");
    for (int i = 0; i < 20; i++) {
      assertEquals(history.get(i).validationF1(), f1[i]);
      assertTrue(f1[i] > 0 && f1[i] <= 1, "f1 " + f1[i]);
    }
    double[] accuracy = s.validationHistory("accuracy");
    double[] loss = s.validationHistory("loss");
    int lowest = 0;
    for (int i = 0; i < 20; i++) {
      assertEquals(history.get(i).validationAccuracy(), accuracy[i]);
      assertEquals(history.get(i).validationLoss(), loss[i]);
      lowest = loss[i] < loss[lowest] ? i : lowest;
    }
    IllegalArgumentException untracked =
        assertThrows(IllegalArgumentException.class, () -> s.validationHistory("r2"));
    assertTrue(untracked.getMessage().contains("[loss, accuracy, f1]"), untracked.getMessage());
    // The model holds the weights of the epoch with the lowest validation loss.
    assertEquals(lowest + 1, s.bestEpoch());
    assertFalse(s.stoppedEarly());
    long steps = history.stream().mapToLong(EpochMetrics::steps).sum();
    assertEquals(steps, s.totalIterations());
    double epochSeconds = history.stream().mapToDouble(EpochMetrics::seconds).sum();
    assertTrue(s.wallTimeSeconds() >= epochSeconds, s.wallTimeSeconds() + " < " + epochSeconds);
    assertTrue(model.copy(ParamMap.empty()).hasSummary());
  }

  @Test
  void theTrainingSummaryHasMllibsClassificationMetricsOnTheTrainingData() {
    DescentClassificationTrainingSummary s = model.summary();
    Dataset<Row> predicted = model.transform(train);
    assertEquals(train.count(), s.predictions().count());
    assertEquals(accuracy(predicted), s.accuracy(), 1e-12);
    assertEquals(
        new MulticlassClassificationEvaluator().setMetricName("f1").evaluate(predicted),
        s.weightedFMeasure(),
        1e-12);
    assertEquals(
        new MulticlassClassificationEvaluator()
            .setMetricName("precisionByLabel")
            .setMetricLabel(2)
            .evaluate(predicted),
        s.precisionByLabel()[2],
        1e-12);
    assertArrayEquals(new double[] {0, 1, 2}, s.labels());
    assertEquals(3, s.recallByLabel().length);
    assertEquals("label", s.labelCol());
    assertEquals("", s.weightCol());
    assertTrue(s.accuracy() > 0.9, "training accuracy " + s.accuracy());
  }

  @Test
  void evaluateGivesTheSameMetricsOnAnyData() {
    DescentClassificationSummary onTest = model.evaluate(test);
    Dataset<Row> predicted = model.transform(test);
    assertEquals(accuracy(predicted), onTest.accuracy(), 1e-12);
    assertEquals(
        new MulticlassClassificationEvaluator().setMetricName("weightedRecall").evaluate(predicted),
        onTest.weightedRecall(),
        1e-12);
    assertEquals(test.count(), onTest.predictions().count());
    // With predictionCol unset, evaluate still finds its predictions.
    DescentClassificationModel unnamed = model.copy(ParamMap.empty()).setPredictionCol("");
    assertEquals(onTest.accuracy(), unnamed.evaluate(test).accuracy(), 1e-12);
  }

  @Test
  void aLoadedModelHasNoSummaryAndSaysWhereItsHistoryIs(@TempDir Path dir) throws Exception {
    String uri = dir.resolve("model").toUri().toString();
    model.write().overwrite().save(uri);
    DescentClassificationModel loaded = DescentClassificationModel.load(uri);
    assertFalse(loaded.hasSummary());
    IllegalStateException e = assertThrows(IllegalStateException.class, loaded::summary);
    assertTrue(e.getMessage().contains("trainingHistory()"), e.getMessage());
    assertEquals(model.trainingHistory(), loaded.trainingHistory());
  }

  @Test
  void fitGivesTheCallersJobDescriptionBackAndCountsEverySteps() {
    SparkContext sc = SPARK.session().sparkContext();
    DescentClassifier c = classifier().setMaxIter(2).setConfig("validationFraction", "0");
    sc.setJobDescription("nightly report: fit");
    DescentClassificationModel m;
    try {
      m = c.fit(train);
      assertEquals("nightly report: fit", sc.getLocalProperty("spark.job.description"));
    } finally {
      sc.setJobDescription(null);
    }
    c.fit(train);
    assertNull(sc.getLocalProperty("spark.job.description"));
    // No rows held out: nothing validated, and ceil(rows / 32) steps per epoch.
    assertTrue(m.summary().validationHistory().isEmpty());
    assertEquals(2 * ((train.count() + 31) / 32), m.summary().totalIterations());
    assertEquals(2, m.summary().bestEpoch());
  }

  @Test
  void theExportedOnnxFileGivesTheModelsProbabilities(@TempDir Path dir) throws Exception {
    Path onnx = dir.resolve("iris.onnx");
    model.exportOnnx(onnx.toUri().toString());
    OnnxAgreement.check(model.transform(iris), "probability", onnx, "probabilities");
  }

  @Test
  void pipelineWithScalerFitsTransformsAndPersists(@TempDir Path dir) throws Exception {
    Dataset<Row> raw =
        SPARK
            .session()
            .read()
            .option("header", "true")
            .option("inferSchema", "true")
            .csv("../data/iris.csv");
    Pipeline pipeline =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  new VectorAssembler().setInputCols(COLUMNS).setOutputCol("raw"),
                  new StandardScaler().setWithMean(true).setInputCol("raw").setOutputCol("scaled"),
                  classifier()
                      .setBatchSize(50)
                      .setConfig("data.scaling", "none")
                      .setFeaturesCol("scaled")
                });
    PipelineModel fitted = pipeline.fit(raw);
    Dataset<Row> out = fitted.transform(raw);
    assertTrue(accuracy(out) > 0.9, "accuracy " + accuracy(out));
    String uri = dir.resolve("pipeline").toUri().toString();
    fitted.write().overwrite().save(uri);
    PipelineModel loaded = PipelineModel.load(uri);
    assertSame(out, loaded.transform(raw));
  }

  @Test
  void copyAndExplainParams() {
    DescentClassifier c = classifier().setConfig("optimizer.weightDecay", "0.001");
    DescentClassifier copy = c.copy(new ParamMap().put(c.epochs().w(7)));
    assertNotSame(c, copy);
    assertEquals(c.uid(), copy.uid());
    assertEquals(7, copy.getEpochs());
    assertEquals(20, c.getEpochs());
    assertArrayEquals(new int[] {16}, copy.getHiddenLayers());
    assertEquals("0.001", copy.getConfig("optimizer.weightDecay"));
    String explained = c.explainParams();
    for (String name :
        List.of("hiddenLayers", "stepSize", "lrSchedule", "probabilityCol", "weightCol")) {
      assertTrue(explained.contains(name), explained);
    }
    DescentClassificationModel m = model.copy(ParamMap.empty());
    assertEquals(model.uid(), m.uid());
    assertTrue(m.explainParams().contains("rawPredictionCol"));
  }

  @Test
  void estimatorPersistsItsParams(@TempDir Path dir) throws Exception {
    DescentClassifier c = classifier().setConfig("optimizer.weightDecay", "0.001");
    String uri = dir.resolve("estimator").toUri().toString();
    c.write().save(uri);
    DescentClassifier loaded = DescentClassifier.load(uri);
    assertEquals(c.uid(), loaded.uid());
    assertArrayEquals(new int[] {16}, loaded.getHiddenLayers());
    assertEquals(0.05, loaded.getLearningRate());
    assertEquals("0.001", loaded.getConfig("optimizer.weightDecay"));
  }

  @Test
  void crossValidatorTunesTheMllibNamedParamsAndItsModelSavesAndLoads(@TempDir Path dir)
      throws Exception {
    DescentClassifier c = classifier().setMaxIter(10).setBatchSize(24);
    ParamMap[] grid =
        new ParamGridBuilder()
            .addGrid(c.stepSize(), new double[] {0.0001, 0.1})
            .addGrid(c.maxIter(), new int[] {10})
            .build();
    assertEquals(
        java.util.Set.of("stepSize", "maxIter"),
        grid[0].toList().stream().map(p -> p.param().name()).collect(Collectors.toSet()));
    CrossValidatorModel cv =
        new CrossValidator()
            .setEstimator(c)
            .setEstimatorParamMaps(grid)
            .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"))
            .setNumFolds(2)
            .setSeed(1)
            .fit(train);
    assertEquals(2, cv.avgMetrics().length);
    // A rate of 1e-4 barely moves the weights in 10 epochs: the grid has a clear winner.
    int fast = (Double) grid[1].apply(c.stepSize()) == 0.1 ? 1 : 0;
    assertTrue(
        cv.avgMetrics()[fast] > cv.avgMetrics()[1 - fast],
        java.util.Arrays.toString(cv.avgMetrics()));
    DescentClassificationModel best = (DescentClassificationModel) cv.bestModel();
    assertEquals("0.1", best.provenance().get("config.optimizer.lr"));
    double acc = accuracy(cv.transform(test));
    assertTrue(acc > 0.8, "accuracy " + acc);

    // The grid is saved by Param name and found again by it.
    String uri = dir.resolve("cv").toUri().toString();
    cv.write().overwrite().save(uri);
    CrossValidatorModel loaded = CrossValidatorModel.load(uri);
    ParamMap[] maps = loaded.getEstimatorParamMaps();
    DescentClassifier est = (DescentClassifier) loaded.getEstimator();
    assertEquals(0.1, (Double) maps[fast].apply(est.stepSize()));
    assertEquals(10, (Integer) maps[fast].apply(est.maxIter()));
    assertSame(cv.transform(test), loaded.transform(test));
  }

  @Test
  void anEstimatorSavedWithTheDottedParamNamesOfEarlierBuildsStillLoads(@TempDir Path dir)
      throws Exception {
    DescentClassifier c = classifier().setConfig("optimizer.weightDecay", "0.001");
    String uri = dir.resolve("estimator").toUri().toString();
    c.write().save(uri);
    // Earlier builds named the Params by their dotted keys.
    Path metadata;
    try (var files = Files.list(dir.resolve("estimator/metadata"))) {
      metadata =
          files.filter(f -> f.getFileName().toString().startsWith("part-")).findFirst().get();
    }
    String json = Files.readString(metadata);
    assertTrue(json.contains("\"stepSize\":0.05"), json);
    Files.writeString(
        metadata,
        json.replace("\"stepSize\"", "\"optimizer.lr\"")
            .replace("\"weightDecay\"", "\"optimizer.weightDecay\""));
    Files.deleteIfExists(metadata.resolveSibling("." + metadata.getFileName() + ".crc"));
    DescentClassifier loaded = DescentClassifier.load(uri);
    assertEquals(0.05, loaded.getStepSize());
    assertEquals("0.001", loaded.getConfig("weightDecay"));
  }

  @Test
  void setConfigValidatesKeysAndValues() {
    DescentClassifier c = new DescentClassifier().setConfig("optimizer.lr", "0.05");
    assertEquals(0.05, c.getLearningRate());
    assertThrows(InvalidConfigException.class, () -> c.setConfig("optimizer.lrr", "1"));
    assertThrows(InvalidConfigException.class, () -> c.setConfig("optimizer.name", "adamm"));
    assertThrows(InvalidConfigException.class, () -> c.setConfig("model.activation", "nope"));
    assertThrows(InvalidConfigException.class, () -> c.setConfig("model.layers", "4,3"));
    assertEquals("adam", c.getOptimizer());
    assertEquals(0.05, c.getLearningRate());
  }

  private static void assertSame(Dataset<Row> expected, Dataset<Row> actual) {
    List<Row> e = expected.select("prediction", "probability", "rawPrediction").collectAsList();
    List<Row> a = actual.select("prediction", "probability", "rawPrediction").collectAsList();
    assertEquals(e, a);
  }
}
