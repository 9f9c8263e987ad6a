package org.descent.ps.train;

import org.descent.nn.BatchNormStatistics;
import org.descent.nn.Minibatch;
import org.descent.nn.Network;
import org.descent.nn.SparseRows;
import org.descent.nn.Workspace;

/**
 * One partition's part of one training step — the code a Spark task runs, and the local trainer
 * too: gather this step's rows of the block (per {@link MinibatchPlan}), compute the gradient sum
 * with nn-core, and add it, the loss sum, the row count and the batch-norm statistics into a {@link
 * GradientSum}. Holds its buffers (allocated once per capacity) so steps do not allocate. A sparse
 * block's rows are gathered into a reused CSR buffer and never densified.
 */
public final class PartitionStep {
  private final Network network;
  private final Workspace workspace;
  private final int capacity;
  private final int width;
  private float[] features; // allocated on the first dense step: capacity × width can be huge
  private SparseRows sparseBatch; // allocated on the first sparse step
  private final float[] targets;
  private float[] batchWeights; // allocated for the first weighted block
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
    this.capacity = cap;
    this.width = width;
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
    int tw = block.targetWidth();
    float[] rowWeights = block.weights();
    if (rowWeights != null && batchWeights == null) {
      batchWeights = new float[capacity]; // n ≤ capacity, as for targets
    }
    double weightSum = rowWeights == null ? n : 0.0;
    for (int i = 0; i < n; i++) {
      int r = order[from + i];
      System.arraycopy(block.targets(), r * tw, targets, i * tw, tw);
      if (rowWeights != null) {
        batchWeights[i] = rowWeights[r];
        weightSum += rowWeights[r];
      }
    }
    long seed = plan.dropoutSeed(epoch, partition, step);
    Minibatch batch =
        (block.isSparse() ? sparseRows(block.sparseFeatures(), from, n) : denseRows(block, from, n))
            .targets(targets, 0)
            .weights(rowWeights == null ? null : batchWeights, 0);
    double loss = network.gradient(params, batch, workspace, sum.gradient(), seed, true);
    if (sum.batchNormSums().length > 0) {
      BatchNormStatistics.addTo(
          sum.batchNormSums(), network.layout(), workspace.batchStatistics(), n);
    }
    sum.addLoss(loss, n, weightSum);
  }

  /** The step's rows of a dense block, gathered in plan order into the reused feature buffer. */
  private Minibatch denseRows(DataBlock block, int from, int n) {
    if (features == null) {
      features = new float[Math.multiplyExact(capacity, width)];
    }
    int w = block.width();
    for (int i = 0; i < n; i++) {
      System.arraycopy(block.features(), order[from + i] * w, features, i * w, w);
    }
    return Minibatch.of(features, 0, n);
  }

  /** The step's rows of sparse features, gathered in plan order into the reused sparse batch. */
  private Minibatch sparseRows(SparseRows rows, int from, int n) {
    if (sparseBatch == null) {
      int perRow = Math.max(1, (int) Math.min(Integer.MAX_VALUE / capacity, avgNonZeros(rows)));
      sparseBatch = new SparseRows(width, capacity, capacity * perRow + 16);
    }
    sparseBatch.clear();
    for (int i = 0; i < n; i++) {
      sparseBatch.addRow(rows, order[from + i]);
    }
    return Minibatch.of(sparseBatch, 0, n);
  }

  private static long avgNonZeros(SparseRows rows) {
    return rows.rows() == 0 ? 1 : (rows.nonZeros() + rows.rows() - 1) / rows.rows() * 5 / 4;
  }
}
