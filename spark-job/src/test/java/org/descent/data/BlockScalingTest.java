package org.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.descent.nn.FeatureScaling;
import org.descent.nn.SparseRows;
import org.descent.ps.train.DataBlock;
import org.junit.jupiter.api.Test;

/** The scaling of packed blocks that the CLI's data and spark.ml's fit share. */
class BlockScalingTest {
  /** Three rows of width 3, one target and one weight each. */
  static final float[] FEATURES = {1, 0, 2, 0, 0, 4, 3, 0, 0};

  static final float[] TARGETS = {0, 1, 2};
  static final float[] WEIGHTS = {0.5f, 1, 2};
  static final FeatureScaling HALVE = FeatureScaling.divide(3, 2f);

  static DataBlock dense() {
    return new DataBlock(FEATURES, TARGETS, WEIGHTS, 3, 3, 1);
  }

  static DataBlock sparse() {
    return new DataBlock(SparseRows.fromDense(FEATURES, 0, 3, 3), TARGETS, WEIGHTS, 1);
  }

  static float[] densified(DataBlock b) {
    float[] x = new float[b.rows() * b.width()];
    for (int r = 0; r < b.rows(); r++) {
      b.sparseFeatures().copyRowTo(r, x, r * b.width());
    }
    return x;
  }

  @Test
  void selectedRowsKeepTheirTargetsAndWeights() {
    DataBlock b = BlockScaling.scaledRows(dense(), new int[] {0, 2}, HALVE, false);
    assertArrayEquals(new float[] {0.5f, 0, 1, 1.5f, 0, 0}, b.features());
    assertArrayEquals(new float[] {0, 2}, b.targets());
    assertArrayEquals(new float[] {0.5f, 2}, b.weights());
  }

  @Test
  void aBlockWithoutWeightsStaysWithout() {
    DataBlock b = new DataBlock(FEATURES, TARGETS, 3, 3, 1);
    assertNull(BlockScaling.scaledRows(b, new int[] {1}, HALVE, false).weights());
  }

  @Test
  void sparseRowsAreDensifiedOrKeptSparseAsAsked() {
    DataBlock densified =
        BlockScaling.scaledRows(sparse(), BlockScaling.allRows(sparse()), HALVE, false);
    DataBlock kept = BlockScaling.scaledRows(sparse(), BlockScaling.allRows(sparse()), HALVE, true);
    assertFalse(densified.isSparse());
    assertTrue(kept.isSparse());
    assertArrayEquals(densified.features(), densified(kept));
    assertEquals(4, kept.sparseFeatures().nonZeros());
  }

  @Test
  void denseRowsBecomeSparseRowsOfTheirNonZeros() {
    DataBlock b = BlockScaling.scaledRows(dense(), new int[] {1, 2}, HALVE, true);
    assertTrue(b.isSparse());
    assertEquals(2, b.sparseFeatures().nonZeros());
    assertArrayEquals(new float[] {0, 0, 2, 1.5f, 0, 0}, densified(b));
  }

  @Test
  void theScaledCopyLeavesTheBlockUnscaled() {
    DataBlock b = sparse();
    BlockScaling.scaledRows(b, BlockScaling.allRows(b), HALVE, true);
    assertArrayEquals(FEATURES, densified(b));
  }

  @Test
  void storedEntriesAreASparseBlocksEntriesAndADenseBlocksNonZeros() {
    assertEquals(4, BlockScaling.storedEntries(dense()));
    assertEquals(4, BlockScaling.storedEntries(sparse()));
  }

  @Test
  void statisticsOfSparseRowsEqualThoseOfTheSameDenseRows() {
    int[] rows = {0, 2};
    FeatureScaling.Statistics d =
        BlockScaling.addFeatures(new FeatureScaling.Statistics(3), dense(), rows);
    FeatureScaling.Statistics s =
        BlockScaling.addFeatures(new FeatureScaling.Statistics(3), sparse(), rows);
    assertEquals(2, d.rows());
    for (int c = 0; c < 3; c++) {
      assertEquals(d.min(c), s.min(c));
      assertEquals(d.max(c), s.max(c));
    }
    FeatureScaling.Statistics t =
        BlockScaling.addTargets(new FeatureScaling.Statistics(1), dense(), rows);
    assertEquals(2, t.max(0));
  }
}
