package org.descent.spark;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.nn.Workspace;
import org.descent.ps.train.DataBlock;

/**
 * A classifier's confusion matrix on the executors: each partition counts (actual, predicted) pairs
 * of its block in inference mode, the driver adds the counts. Targets of a classifier's blocks are
 * class indices, as {@link org.descent.ps.train.LocalTrainer#evaluate} reads them.
 */
public final class DistributedConfusion {
  private DistributedConfusion() {}

  /**
   * {@code counts[actual][predicted]}: rows of {@code data} whose label is {@code actual} and whose
   * predicted class is {@code predicted}.
   */
  public static long[][] counts(
      JavaRDD<DataBlock> data, NetworkSpec spec, float[] parameters, float[] layerState) {
    if (!spec.loss().isClassification()) {
      throw new IllegalArgumentException("a confusion matrix needs a classifier, not " + spec);
    }
    int classes = spec.loss().classCount(spec.outputWidth());
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.context());
    Broadcast<NetworkSpec> specB = sc.broadcast(spec);
    Broadcast<float[]> weights = sc.broadcast(parameters.clone());
    float[] state = layerState.clone();
    try {
      List<long[]> parts =
          data.map(block -> partitionCounts(block, specB.value(), weights.value(), state, classes))
              .collect();
      long[][] total = new long[classes][classes];
      for (long[] p : parts) {
        for (int i = 0; i < p.length; i++) {
          total[i / classes][i % classes] += p[i];
        }
      }
      return total;
    } finally {
      weights.destroy();
      specB.destroy();
    }
  }

  /** Row-major counts of one block (flat, so the result is one small array). */
  static long[] partitionCounts(
      DataBlock block, NetworkSpec spec, float[] params, float[] state, int classes) {
    long[] counts = new long[classes * classes];
    if (block.rows() == 0) {
      return counts;
    }
    Network network = new Network(spec);
    int chunk = Math.min(1024, block.rows());
    Workspace ws = network.workspace(chunk);
    for (int from = 0; from < block.rows(); from += chunk) {
      int n = Math.min(chunk, block.rows() - from);
      network.forward(params, state, block.features(), from * block.width(), n, ws);
      for (int r = 0; r < n; r++) {
        int actual = (int) block.targets()[from + r];
        counts[actual * classes + network.predictedClass(ws, r)]++;
      }
    }
    return counts;
  }
}
