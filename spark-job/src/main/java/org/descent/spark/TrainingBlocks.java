package org.descent.spark;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.descent.nn.FeatureScaling;
import org.descent.nn.HiddenLayerSpec;
import org.descent.nn.NetworkSpec;
import org.descent.ps.train.DataBlock;
import org.descent.ps.train.MinibatchPlan;
import org.descent.ps.train.TrainingSettings;

/**
 * The training blocks as the steps use them, checked once on the driver: one block per partition
 * with the network's widths, the {@link MinibatchPlan} over their total rows, and (for regression
 * with target scaling) a scaled, persisted copy that {@link #close} unpersists — the same scaling
 * the local trainer applies to its training targets.
 *
 * @param owned whether {@code rdd} is that copy, unpersisted by {@link #close}
 * @param weight the rows' total weight (their count when unweighted): an epoch's divisor of the
 *     loss
 */
record TrainingBlocks(JavaRDD<DataBlock> rdd, boolean owned, double weight, MinibatchPlan plan)
    implements AutoCloseable {
  /** {@code targetScaling}, or no scaling of the network's targets when it is null. */
  static FeatureScaling targetScalingOrNone(NetworkSpec spec, FeatureScaling targetScaling) {
    return targetScaling != null
        ? targetScaling
        : FeatureScaling.none(spec.loss().targetWidth(spec.outputWidth()));
  }

  static TrainingBlocks prepare(
      JavaRDD<DataBlock> train,
      NetworkSpec spec,
      FeatureScaling targetScaling,
      TrainingSettings settings) {
    boolean scale = targetScaling.mode() != FeatureScaling.Mode.NONE;
    JavaRDD<DataBlock> rdd =
        scale
            ? train.map(b -> scaled(b, targetScaling)).persist(StorageLevel.MEMORY_AND_DISK())
            : train;
    try {
      // One job: {partition, blocks, rows, width, targetWidth, bits of the rows' total weight} per
      // partition.
      List<long[]> shapes = rdd.mapPartitionsWithIndex(TrainingBlocks::shape, false).collect();
      long total = 0;
      double weight = 0;
      int targetWidth = spec.loss().targetWidth(spec.outputWidth());
      for (long[] s : shapes) {
        check(s, spec.inputWidth(), targetWidth);
        total += s[2];
        weight += Double.longBitsToDouble(s[5]);
      }
      MinibatchPlan plan =
          new MinibatchPlan(settings.seed(), settings.shuffle(), total, settings.batchSize());
      if (spec.hidden().stream().anyMatch(HiddenLayerSpec::batchNorm)) {
        shapes.forEach(s -> checkBatchNormRows(plan, (int) s[0], (int) s[2]));
      }
      return new TrainingBlocks(rdd, scale, weight, plan);
    } catch (RuntimeException e) {
      if (scale) {
        rdd.unpersist(false);
      }
      throw e;
    }
  }

  @Override
  public void close() {
    if (owned) {
      rdd.unpersist(false);
    }
  }

  private static DataBlock scaled(DataBlock b, FeatureScaling scaling) {
    float[] t = b.targets().clone();
    scaling.apply(t, 0, b.rows());
    return b.withTargets(t);
  }

  private static java.util.Iterator<long[]> shape(int partition, java.util.Iterator<DataBlock> it) {
    long[] s = {partition, 0, 0, -1, -1, 0};
    double weight = 0;
    while (it.hasNext()) {
      DataBlock b = it.next();
      s[1]++;
      s[2] += b.rows();
      s[3] = b.width();
      s[4] = b.targetWidth();
      weight += b.totalWeight();
    }
    s[5] = Double.doubleToRawLongBits(weight);
    return List.of(s).iterator();
  }

  private static void check(long[] s, int width, int targetWidth) {
    if (s[1] > 1) {
      throw new IllegalArgumentException(
          "training partition "
              + s[0]
              + " holds "
              + s[1]
              + " DataBlocks; the distributed trainer takes exactly one block per partition"
              + " (pack each partition into one DataBlock)");
    }
    if (s[1] == 1 && (s[3] != width || s[4] != targetWidth)) {
      throw new IllegalArgumentException(
          "training partition "
              + s[0]
              + " has "
              + s[3]
              + " features and "
              + s[4]
              + " target values per row, but the network takes "
              + width
              + " and "
              + targetWidth
              + "; check model.layers against the data");
    }
  }

  /** Batch norm needs a variance, so no partition may contribute exactly one row to a step. */
  private static void checkBatchNormRows(MinibatchPlan plan, int partition, int rows) {
    for (int s = 0; s < plan.stepsPerEpoch(); s++) {
      if (plan.count(s, rows) == 1) {
        throw new IllegalArgumentException(
            "batch norm needs at least 2 rows per partition and step, but training partition "
                + partition
                + " ("
                + rows
                + " rows) gives 1 row to step "
                + (s + 1)
                + " of each epoch ("
                + plan.stepsPerEpoch()
                + " steps); raise train.batchSize or use fewer partitions");
      }
    }
  }
}
