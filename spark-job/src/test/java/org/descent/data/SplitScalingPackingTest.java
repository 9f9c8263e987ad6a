package org.descent.data;

import static org.descent.data.DataFixtures.classifier;
import static org.descent.data.DataFixtures.ids;
import static org.descent.data.DataFixtures.regression;
import static org.descent.data.DataFixtures.rows;
import static org.descent.data.DataFixtures.settings;
import static org.descent.data.DataFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.descent.nn.FeatureScaling;
import org.descent.ps.train.DataBlock;
import org.descent.spark.DescentKryoRegistrator;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The seeded split, packing into one cached block per partition, and distributed scaling. */
class SplitScalingPackingTest {
  @RegisterExtension
  static final LocalSpark SPARK =
      LocalSpark.withCores(2).withKryo(DescentKryoRegistrator.class.getName());

  @TempDir static Path dir;

  static final int ROWS = 1000;

  /** ROWS rows: id, two random columns of different scales, a label in {0, 1, 2}. */
  static Path data;

  @BeforeAll
  static void writeData() {
    SplittableRandom rng = new SplittableRandom(7);
    StringBuilder b = new StringBuilder("id,u,label,v\n");
    for (int i = 0; i < ROWS; i++) {
      b.append(
          String.format(
              Locale.ROOT,
              "%d,%.4f,%d,%.3f%n",
              i,
              rng.nextDouble(-3, 5),
              i % 3,
              rng.nextDouble(100, 400)));
    }
    data = write(dir.resolve("data.csv"), b.toString());
  }

  private static TrainingData load(String... settings) {
    return TrainingData.load(SPARK.session(), settings("csv", data, settings), classifier(3, 3));
  }

  @Test
  void theSplitIsDeterministicForASeedAndIndependentOfPartitioning() {
    TrainingData a = load("data.validationFraction", "0.2", "data.testFraction", "0.1");
    TrainingData b =
        load("data.validationFraction", "0.2", "data.testFraction", "0.1", "train.partitions", "3");
    assertEquals(ids(a.train()), ids(b.train()));
    assertEquals(ids(a.validation()), ids(b.validation()));
    assertEquals(ids(a.test()), ids(b.test()));
    TrainingData c =
        load("data.validationFraction", "0.2", "data.testFraction", "0.1", "train.seed", "43");
    assertNotEquals(ids(a.validation()), ids(c.validation()));
  }

  @Test
  void theSplitIsDisjointCoversEveryRowAndHasRoughlyTheFractions() {
    TrainingData d = load("data.validationFraction", "0.2", "data.testFraction", "0.1");
    List<Float> train = ids(d.train());
    List<Float> validation = ids(d.validation());
    List<Float> test = ids(d.test());
    Set<Float> all = new HashSet<>(train);
    all.addAll(validation);
    all.addAll(test);
    assertEquals(ROWS, train.size() + validation.size() + test.size());
    assertEquals(ROWS, all.size());
    assertEquals(train.size(), d.trainRows());
    assertEquals(validation.size(), d.validationRows());
    assertEquals(test.size(), d.testRows());
    assertEquals(100, test.size(), 35);
    assertEquals(180, validation.size(), 45);
  }

  @Test
  void aSeparateTestSetIsReadTheSameWayAndNothingIsHeldOutForIt() {
    Path test = write(dir.resolve("test.csv"), "id,u,label,v\n5000,1,2,3\n5001,4,0,6\n");
    TrainingData d = load("data.test", test.toString(), "data.testFraction", "0.5");
    assertEquals(ROWS, d.trainRows());
    assertEquals(List.of(5000f, 5001f), ids(d.test()));
    assertNull(d.validation());
  }

  @Test
  void packingYieldsOneCachedBlockPerPartition() {
    TrainingData d = load("data.validationFraction", "0.3", "train.partitions", "3");
    for (JavaRDD<DataBlock> blocks : List.of(d.train(), d.validation())) {
      assertEquals(3, blocks.getNumPartitions());
      assertEquals(StorageLevel.MEMORY_AND_DISK(), blocks.getStorageLevel());
      List<Integer> perPartition =
          blocks
              .mapPartitions(
                  it -> {
                    int n = 0;
                    for (; it.hasNext(); it.next()) {
                      n++;
                    }
                    return List.of(n).iterator();
                  })
              .collect();
      assertEquals(List.of(1, 1, 1), perPartition);
    }
    long rows = d.train().map(DataBlock::rows).reduce(Integer::sum);
    assertEquals(d.trainRows(), rows);
  }

  @Test
  void standardizationFittedDistributedlyEqualsOneFittedOnAllTrainingRowsInOneProcess() {
    String[] common = {"data.validationFraction", "0.2", "train.partitions", "4"};
    TrainingData raw = load(common);
    List<float[]> rawTrain = rows(raw.train());
    FeatureScaling.Statistics s = new FeatureScaling.Statistics(3);
    for (float[] r : rawTrain) {
      s.add(r, 0, 1);
    }
    FeatureScaling local = FeatureScaling.fit(FeatureScaling.Mode.STANDARDIZE, s, 1);

    TrainingData scaled = load(concat(common, "data.scaling", "standardize"));
    assertArrayEquals(local.shift(), scaled.scaling().shift(), 1e-4f);
    assertArrayEquals(local.factor(), scaled.scaling().factor(), 1e-6f);
    assertScaledRows(rawTrain, rows(scaled.train()), local);
    assertScaledRows(rows(raw.validation()), rows(scaled.validation()), local);
  }

  @Test
  void minmaxScalingIsFittedOnTheTrainingRowsOnly() {
    String[] common = {"data.validationFraction", "0.2", "train.partitions", "2"};
    List<float[]> rawTrain = rows(load(common).train());
    FeatureScaling.Statistics s = new FeatureScaling.Statistics(3);
    for (float[] r : rawTrain) {
      s.add(r, 0, 1);
    }
    FeatureScaling local = FeatureScaling.fit(FeatureScaling.Mode.MINMAX, s, 1);
    TrainingData scaled = load(concat(common, "data.scaling", "minmax"));
    assertArrayEquals(local.shift(), scaled.scaling().shift(), 0f);
    assertArrayEquals(local.factor(), scaled.scaling().factor(), 1e-9f);
    assertScaledRows(rawTrain, rows(scaled.train()), local);
  }

  @Test
  void divideScalingDividesEveryFeatureByTheDivisor() {
    TrainingData d = load("data.scaling", "divide", "data.scalingDivisor", "4");
    List<float[]> rows = rows(d.train());
    assertEquals(0.25f, rows.get(1)[0]);
    assertEquals(1f / 4, d.scaling().factor()[2]);
  }

  @Test
  void regressionTargetsGetAFittedButUnappliedStandardisation() {
    Path f = write(dir.resolve("reg.csv"), "x,label\n1,10\n2,20\n3,30\n4,40\n");
    TrainingData d = TrainingData.load(SPARK.session(), settings("csv", f), regression(1, 1));
    assertEquals(25f, d.targetScaling().shift()[0], 1e-5f);
    assertEquals(10, rows(d.train()).get(0)[1]);
  }

  private static void assertScaledRows(
      List<float[]> raw, List<float[]> scaled, FeatureScaling scaling) {
    assertEquals(raw.size(), scaled.size());
    for (int i = 0; i < raw.size(); i++) {
      float[] expected = raw.get(i).clone();
      scaling.apply(expected, 0, 1);
      expected[3] = raw.get(i)[3];
      assertArrayEquals(expected, scaled.get(i), 1e-4f, "row " + i);
    }
  }

  private static String[] concat(String[] a, String... b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    assertTrue(all.size() % 2 == 0);
    return all.toArray(String[]::new);
  }
}
