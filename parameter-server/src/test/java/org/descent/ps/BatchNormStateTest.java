package org.descent.ps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.descent.nn.Activation;
import org.descent.nn.BatchNormStatistics;
import org.descent.nn.HiddenLayerSpec;
import org.descent.nn.Initializer;
import org.descent.nn.Loss;
import org.descent.nn.NetworkSpec;
import org.descent.nn.ParameterLayout;
import org.junit.jupiter.api.Test;

/** The parameter server owns the batch-norm running state and merges partitions by rows. */
class BatchNormStateTest {
  private static final NetworkSpec SPEC =
      new NetworkSpec(
          2,
          List.of(HiddenLayerSpec.of(2, Activation.RELU).withBatchNorm(true)),
          2,
          Loss.SOFTMAX_CROSS_ENTROPY);

  @Test
  void startsAtMeanZeroVarianceOneAsPyTorch() {
    ParameterLayout layout = ParameterLayout.of(SPEC);
    ParameterServer ps =
        new ParameterServer(
            layout, Initializer.initialParameters(SPEC, 1), UpdateConfig.defaults());
    assertArrayEquals(new float[] {0, 0, 1, 1}, ps.layerState());
  }

  @Test
  void mergesPartitionStatisticsWeightedByTheirRows() {
    ParameterLayout layout = ParameterLayout.of(SPEC);
    ParameterServer ps =
        new ParameterServer(
            layout, Initializer.initialParameters(SPEC, 1), UpdateConfig.defaults());
    // Partition A: 1 row of mean (1, 2), variance 0; partition B: 3 rows of mean (5, 2), var (0,
    // 4).
    BatchNormStatistics merged = new BatchNormStatistics(layout);
    merged.add(new float[] {1, 2, 0, 0}, 1);
    merged.add(new float[] {5, 2, 0, 4}, 3);
    ps.mergeBatchNormStatistics(merged);
    // Union of 4 rows: mean (4, 2); biased var (Σ n(σ²+μ²)/N − μ²) = (19 − 16, 7 − 4) = (3, 3);
    // unbiased ×4/3 = (4, 4); running = 0.9·(0,0,1,1) + 0.1·(4, 2, 4, 4).
    float[] s = ps.layerState();
    assertEquals(0.4f, s[0], 1e-6f);
    assertEquals(0.2f, s[1], 1e-6f);
    assertEquals(0.9f + 0.4f, s[2], 1e-6f);
    assertEquals(0.9f + 0.4f, s[3], 1e-6f);
  }
}
