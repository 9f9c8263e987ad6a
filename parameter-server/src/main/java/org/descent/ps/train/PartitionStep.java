package org.descent.ps.train;

import org.descent.nn.BatchNormStatistics;
import org.descent.nn.Network;
import org.descent.nn.Workspace;

/**
 * One partition's part of one training step — the code a Spark task runs, and the local trainer
 * too: gather this step's rows of the block (per {@link MinibatchPlan}), compute the gradient sum
 * with nn-core, and add it, the loss sum, the row count and the batch-norm statistics into a {@link
 * GradientSum}. Holds its buffers (allocated once per capacity) so steps do not allocate.
 */
public final class PartitionStep {
  private final Network network;
  private final Workspace workspace;
  private final float[] features;
  private final float[] targets;
  private float[] weights; // allocated for the first weighted block
  private int[] order;
  private int orderEpoch = -1;
  private int orderPartition = -1;

  /**
   * @param capacity the most rows one step takes from the block ({@link MinibatchPlan#rowsPerStep})
   */
  public PartitionStep(Network network, int capacity, int width, int targetWidth) {
    this.network = network;
    int cap = Math.max(1, capacity);
    this.workspace = network.workspace(cap);
    this.features = new float[cap * width];
    this.targets = new float[cap * targetWidth];
  }

  /**
   * Adds this partition's contribution to step {@code step} (global, 0-based) of {@code epoch}
   * (1-based; {@code stepInEpoch} 0-based) into {@code sum}. Does nothing when the plan gives the
   * partition no rows at this step.
   */
  public void accumulate(
      float[] params,
      DataBlock block,
      MinibatchPlan plan,
      int epoch,
      int stepInEpoch,
      long step,
      int partition,
      GradientSum sum) {
    int rows = block.rows();
    int n = plan.count(stepInEpoch, rows);
    if (n <= 0) {
      return;
    }
    if (orderEpoch != epoch
        || orderPartition != partition
        || order == null
        || order.length != rows) {
      order = plan.order(epoch, partition, rows);
      orderEpoch = epoch;
      orderPartition = partition;
    }
    int from = plan.from(stepInEpoch, rows);
    int w = block.width();
    int tw = block.targetWidth();
    float[] rowWeights = block.weights();
    if (rowWeights != null && (weights == null || weights.length < n)) {
      weights = new float[Math.max(n, targets.length / Math.max(1, tw))];
    }
    double weightSum = rowWeights == null ? n : 0.0;
    for (int i = 0; i < n; i++) {
      int r = order[from + i];
      System.arraycopy(block.features(), r * w, features, i * w, w);
      System.arraycopy(block.targets(), r * tw, targets, i * tw, tw);
      if (rowWeights != null) {
        weights[i] = rowWeights[r];
        weightSum += rowWeights[r];
      }
    }
    double loss =
        network.gradient(
            params,
            features,
            0,
            targets,
            0,
            rowWeights == null ? null : weights,
            0,
            n,
            workspace,
            sum.gradient(),
            plan.dropoutSeed(epoch, partition, step),
            true);
    if (sum.batchNormSums().length > 0) {
      BatchNormStatistics s = new BatchNormStatistics(network.layout());
      s.add(workspace.batchStatistics(), n);
      double[] src = s.sums();
      double[] dst = sum.batchNormSums();
      for (int i = 0; i < dst.length; i++) {
        dst[i] += src[i];
      }
    }
    sum.addLoss(loss, n, weightSum);
  }
}
