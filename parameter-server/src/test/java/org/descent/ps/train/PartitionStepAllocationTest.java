package org.descent.ps.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;
import org.descent.nn.Activation;
import org.descent.nn.HiddenLayerSpec;
import org.descent.nn.Initializer;
import org.descent.nn.Loss;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.junit.jupiter.api.Test;

/**
 * A partition's step works in buffers it keeps: once they exist, a step allocates no arrays. Every
 * step of every task runs it, and on a cluster an executor's garbage comes back as GC pauses that
 * the whole step waits for.
 */
class PartitionStepAllocationTest {
  /**
   * Small objects (minibatch views, iterators) are allowed; one array of a layer's width is not.
   */
  private static final long BYTES_PER_STEP = 512;

  @Test
  void aStepWithBatchNormAndDropoutAllocatesNoArraysOnceItsBuffersExist() {
    NetworkSpec spec =
        new NetworkSpec(
            32,
            List.of(
                HiddenLayerSpec.of(256, Activation.RELU).withBatchNorm(true),
                HiddenLayerSpec.of(128, Activation.RELU).withBatchNorm(true).withDropout(0.2f)),
            10,
            Loss.SOFTMAX_CROSS_ENTROPY);
    Network network = new Network(spec);
    int rows = 256;
    int batch = 64;
    Random random = new Random(2);
    float[] x = new float[rows * 32];
    float[] y = new float[rows];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    for (int r = 0; r < rows; r++) {
      y[r] = random.nextInt(10);
    }
    DataBlock block = new DataBlock(x, y, rows, 32, 1);
    MinibatchPlan plan = new MinibatchPlan(3, true, rows, batch);
    float[] params = Initializer.initialParameters(spec, 1L);
    GradientSum sum = new GradientSum(params.length, network.layout().stateSize());
    PartitionStep step = new PartitionStep(network, plan.rowsPerStep(rows), 32, 1);
    int steps = rows / batch;
    step.accumulate(params, block, plan, 1, 0, 0, 0, sum); // the epoch's row order

    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    for (int s = 1; s < steps; s++) {
      step.accumulate(params, block, plan, 1, s, s, 0, sum);
    }
    long perStep = (threads.getThreadAllocatedBytes(thread) - before) / (steps - 1);
    // Batch norm's sums alone, allocated per step, were 6 arrays of the layer's width in double
    // (18 KB here) and the statistics' merge another array of the layer state.
    assertTrue(
        perStep < BYTES_PER_STEP,
        "a partition step allocated " + perStep + " bytes; its buffers belong in its Workspace");
  }
}
