package org.descent.data;

import static org.descent.data.DataFixtures.classifier;
import static org.descent.data.DataFixtures.rows;
import static org.descent.data.DataFixtures.settings;
import static org.descent.data.DataFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.descent.ps.InvalidConfigException;
import org.descent.ps.train.DataBlock;
import org.descent.spark.DescentKryoRegistrator;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * data.sparse: libsvm rows are packed as CSR, stay sparse below the density threshold with a
 * scaling that keeps zeros, and hold the same values as the densified rows; the scalings that would
 * densify them are refused or (auto) keep the dense path.
 */
class SparseInputDataTest {
  @RegisterExtension
  static final LocalSpark SPARK =
      LocalSpark.withCores(2).withKryo(DescentKryoRegistrator.class.getName());

  @TempDir Path dir;

  /** 200 features, 3 stored per row (1.5%); feature 1 is the row id, 2..4 hold -2, 4 or nothing. */
  private Path sparseFile() {
    StringBuilder b = new StringBuilder();
    for (int r = 1; r <= 40; r++) {
      String middle = r % 3 == 0 ? " 3:-2" : r % 3 == 1 ? " 4:4" : " 2:1";
      b.append(r % 2)
          .append(" 1:")
          .append(r)
          .append(middle)
          .append(' ')
          .append(100 + r)
          .append(":1\n");
    }
    return write(dir.resolve("wide.libsvm"), b.toString());
  }

  @Test
  void autoKeepsSparseLibsvmSparseWithTheValuesOfTheDensePath() {
    Path f = sparseFile();
    TrainingData sparse =
        TrainingData.load(
            SPARK.session(), settings("libsvm", f, "data.scaling", "maxabs"), classifier(200, 2));
    TrainingData dense =
        TrainingData.load(
            SPARK.session(),
            settings("libsvm", f, "data.scaling", "maxabs", "data.sparse", "false"),
            classifier(200, 2));

    assertTrue(sparse.sparse());
    assertFalse(dense.sparse());
    assertEquals(
        "libsvm input, 1.50% of features stored; rows stay sparse (data.sparse)",
        sparse.sparseNote());
    assertEquals(3.0 / 200, sparse.density(), 1e-12);
    assertTrue(sparse.train().collect().stream().allMatch(DataBlock::isSparse));
    assertTrue(dense.train().collect().stream().noneMatch(DataBlock::isSparse));
    List<float[]> s = rows(sparse.train());
    List<float[]> d = rows(dense.train());
    assertEquals(40, s.size());
    for (int i = 0; i < s.size(); i++) {
      assertArrayEquals(d.get(i), s.get(i));
    }
    // maxabs: feature 1 by 40, feature 3 by |-2|, feature 4 by 4.
    float[] third = s.get(2); // row id 3: "1 1:3 3:-2 103:1"
    assertEquals(3f / 40, third[0]);
    assertEquals(-1f, third[2]);
    assertEquals(1f, third[102]);
    sparse.unpersist();
    dense.unpersist();
  }

  @Test
  void minmaxOnTheDensePathCountsTheAbsentEntriesAsZeros() {
    TrainingData d =
        TrainingData.load(
            SPARK.session(),
            settings("libsvm", sparseFile(), "data.scaling", "minmax"),
            classifier(200, 2));
    assertFalse(d.sparse(), "auto keeps a shifting scaling on the dense path");
    assertTrue(d.sparseNote().contains("data.scaling=minmax shifts zeros"), d.sparseNote());
    float[] third = rows(d.train()).get(2);
    // Feature 3 holds -2 or is absent (0): min -2, max 0, so -2 ↦ 0 and an absent 0 ↦ 1.
    assertEquals(0f, third[2]);
    assertEquals(1f, rows(d.train()).get(0)[2]);
    d.unpersist();
  }

  @Test
  void sparseTrueRefusesScalingsThatShiftAndFormatsThatAreNotLibsvm() {
    InvalidConfigException shift =
        assertThrows(
            InvalidConfigException.class,
            () -> settings("libsvm", "x", "data.sparse", "true", "data.scaling", "standardize"));
    assertEquals("data.scaling", shift.key());
    assertTrue(shift.getMessage().contains("maxabs"), shift.getMessage());
    InvalidConfigException csv =
        assertThrows(
            InvalidConfigException.class, () -> settings("csv", "x", "data.sparse", "true"));
    assertEquals("data.sparse", csv.key());
    InvalidConfigException typo =
        assertThrows(
            InvalidConfigException.class, () -> settings("libsvm", "x", "data.sparse", "yes"));
    assertEquals("data.sparse", typo.key());
  }

  @Test
  void autoStaysDenseAboveTheDensityThreshold() {
    DataSettings s = settings("libsvm", "x");
    assertTrue(s.useSparse(DataSettings.AUTO_SPARSE_DENSITY / 2));
    assertFalse(s.useSparse(DataSettings.AUTO_SPARSE_DENSITY));
    assertFalse(settings("csv", "x").useSparse(0.001));
    assertTrue(settings("libsvm", "x", "data.sparse", "true").useSparse(0.9));
  }
}
