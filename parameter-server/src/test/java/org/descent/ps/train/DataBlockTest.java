package org.descent.ps.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Partitioning a block: contiguous near-equal ranges that keep features, targets and weights. */
class DataBlockTest {
  private static final int ROWS = 7;
  private static final int WIDTH = 3;

  @Test
  void aWeightedDenseBlockKeepsItsRowsWeightsThroughPartition() {
    float[] x = new float[ROWS * WIDTH];
    for (int i = 0; i < x.length; i++) {
      x[i] = i % 4 == 0 ? 0f : i;
    }
    float[] y = {0, 1, 2, 3, 4, 5, 6};
    float[] w = {1, 0.5f, 0, 2, 1, 3, 0.25f};
    DataBlock[] parts = new DataBlock(x, y, w, ROWS, WIDTH, 1).partition(3);

    assertEquals(3, parts.length);
    int[] from = {0, 2, 4, 7};
    for (int p = 0; p < parts.length; p++) {
      assertEquals(from[p + 1] - from[p], parts[p].rows());
      assertArrayEquals(
          Arrays.copyOfRange(x, from[p] * WIDTH, from[p + 1] * WIDTH), parts[p].features());
      assertArrayEquals(Arrays.copyOfRange(y, from[p], from[p + 1]), parts[p].targets());
      assertArrayEquals(Arrays.copyOfRange(w, from[p], from[p + 1]), parts[p].weights());
    }
  }

  @Test
  void sparseAndStaticDensePartitionsCutTheSameRows() {
    float[] x = new float[ROWS * WIDTH];
    for (int i = 0; i < x.length; i++) {
      x[i] = i % 3 == 1 ? 0f : i;
    }
    float[] y = new float[ROWS * 2];
    for (int i = 0; i < y.length; i++) {
      y[i] = -i;
    }
    Dataset d = new Dataset(x, y, ROWS, WIDTH, 2);
    DataBlock[] dense = DataBlock.partition(d, 4);
    DataBlock[] sparse = SparseBlocks.sparseOf(d).partition(4);

    assertEquals(4, sparse.length);
    int rows = 0;
    for (int p = 0; p < sparse.length; p++) {
      assertTrue(sparse[p].isSparse());
      assertNull(dense[p].weights());
      assertEquals(dense[p].rows(), sparse[p].rows());
      assertArrayEquals(dense[p].features(), sparse[p].asDataset().features());
      assertArrayEquals(dense[p].targets(), sparse[p].targets());
      assertArrayEquals(
          Arrays.copyOfRange(x, rows * WIDTH, (rows + dense[p].rows()) * WIDTH),
          dense[p].features());
      rows += dense[p].rows();
    }
    assertEquals(ROWS, rows);
    assertThrows(IllegalArgumentException.class, () -> DataBlock.partition(d, 0));
  }
}
