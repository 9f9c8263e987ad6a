package org.descent.ps.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.descent.nn.Activation;
import org.descent.nn.Initializer;
import org.descent.nn.Loss;
import org.descent.nn.Minibatch;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.junit.jupiter.api.Test;

/** A block with row weights: the step sums Σ w·gradient and reports Σ w as its divisor. */
class WeightedPartitionStepTest {
  private static final NetworkSpec SPEC =
      NetworkSpec.of(new int[] {3, 5, 2}, Activation.RELU, Loss.SOFTMAX_CROSS_ENTROPY);

  @Test
  void aFullBatchStepOfAWeightedBlockIsTheWeightedGradientAndItsWeightTotal() {
    Network net = new Network(SPEC);
    Random random = new Random(5);
    int rows = 6;
    float[] x = new float[rows * 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    float[] y = {0, 1, 1, 0, 1, 0};
    float[] w = {1, 0.5f, 0, 2, 1, 3};
    DataBlock block = new DataBlock(x, y, w, rows, 3, 1);
    float[] params = Initializer.initialParameters(SPEC, 9);
    MinibatchPlan plan = new MinibatchPlan(1, false, rows, rows);
    GradientSum sum = new GradientSum(params.length, 0);
    new PartitionStep(net, rows, 3, 1).accumulate(params, block, plan, 1, 0, 0, 0, sum);

    float[] expected = new float[params.length];
    double loss =
        net.gradient(
            params,
            Minibatch.of(x, 0, rows).targets(y, 0).weights(w, 0),
            net.workspace(rows),
            expected,
            0,
            false);
    assertArrayEquals(expected, sum.gradient());
    assertEquals(loss, sum.loss());
    assertEquals(rows, sum.rows());
    assertEquals(7.5, sum.weight());
    GradientSum copy = sum.copy();
    assertEquals(7.5, copy.weight());
    assertEquals(rows, copy.rows());
    assertEquals(15.0, copy.add(sum).weight());
  }

  @Test
  void anUnweightedBlockWeighsItsRowCount() {
    DataBlock block = new DataBlock(new float[6], new float[] {0, 1}, 2, 3, 1);
    GradientSum sum = new GradientSum(new Network(SPEC).layout().size(), 0);
    new PartitionStep(new Network(SPEC), 2, 3, 1)
        .accumulate(
            Initializer.initialParameters(SPEC, 1),
            block,
            new MinibatchPlan(1, false, 2, 2),
            1,
            0,
            0,
            0,
            sum);
    assertEquals(2.0, sum.weight());
    assertEquals(null, block.weights());
  }

  @Test
  void weightsMustBeOnePerRow() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new DataBlock(new float[6], new float[2], new float[3], 2, 3, 1));
    assertEquals("weights hold 3 floats, not one per row of 2", e.getMessage());
  }
}
