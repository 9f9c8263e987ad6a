package org.descent.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.descent.nn.Activation;
import org.descent.nn.FeatureScaling;
import org.descent.nn.Initializer;
import org.descent.nn.Loss;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.nn.SparseRows;
import org.descent.ps.ParameterServer;
import org.descent.ps.UpdateConfig;
import org.descent.ps.train.DataBlock;
import org.descent.ps.train.LocalTrainer;
import org.descent.ps.train.TrainingResult;
import org.descent.ps.train.TrainingSettings;

/**
 * End to end through the trainer: one epoch of {@link LocalTrainer} (gather rows, forward,
 * backward, Adam on the driver's parameter server) on the same random sparse rows packed sparse and
 * packed dense, alternately; prints the median seconds per step of each. Unlike {@link
 * SparseInputComparison} this includes what does not shrink with sparsity: clearing the gradient
 * sum and the optimizer's update of all [features × 128] weights.
 *
 * <p>Usage: {@code java --add-modules=jdk.incubator.vector -Xmx4g -cp
 * bench/jmh/target/benchmarks.jar org.descent.bench.SparseTrainerComparison [reps] [rows]}
 * (defaults 3 and 2048; 100,000 features at 0.1%, batch 512, [100000, 128, 10], one partition).
 */
public final class SparseTrainerComparison {
  private SparseTrainerComparison() {}

  public static void main(String[] args) {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 2048;
    int width = 100_000;
    int batch = 512;
    NetworkSpec spec =
        NetworkSpec.of(new int[] {width, 128, 10}, Activation.RELU, Loss.SOFTMAX_CROSS_ENTROPY);
    SparseRows x = SparseInputBenchmark.randomRows(rows, width, 0.001, Mlp.SEED + 1);
    float[] y = Mlp.randomClasses(rows, 10, Mlp.SEED + 2);
    DataBlock sparse = new DataBlock(x, y, 1);
    DataBlock dense = DataBlock.of(sparse.asDataset());
    TrainingSettings settings = new TrainingSettings(1, batch, Mlp.SEED, true, 0);
    double[] s = new double[reps];
    double[] d = new double[reps];
    epoch(spec, sparse, settings); // warm-up
    epoch(spec, dense, settings);
    for (int i = 0; i < reps; i++) {
      s[i] = epoch(spec, sparse, settings);
      d[i] = epoch(spec, dense, settings);
    }
    int steps = (rows + batch - 1) / batch;
    double ms = SparseInputComparison.median(s) / steps * 1e3;
    double md = SparseInputComparison.median(d) / steps * 1e3;
    System.out.printf(
        Locale.ROOT,
        "LocalTrainer, [%d, 128, 10], %d rows at 0.1%%, batch %d, Adam, %d alternating epochs:%n"
            + "  sparse blocks  median %8.1f ms/step  %s%n"
            + "  dense blocks   median %8.1f ms/step  %s%n"
            + "  speedup: %.1fx%n",
        width,
        rows,
        batch,
        reps,
        ms,
        Arrays.toString(s),
        md,
        Arrays.toString(d),
        md / ms);
  }

  /** Seconds of one epoch (the trainer's own timing, without setting up the blocks). */
  private static double epoch(NetworkSpec spec, DataBlock data, TrainingSettings settings) {
    Network net = new Network(spec);
    ParameterServer server =
        new ParameterServer(
            net.layout(),
            Initializer.initialParameters(spec, Mlp.SEED),
            UpdateConfig.fromMap(Map.of("optimizer.name", "adam", "optimizer.lr", "0.001")));
    TrainingResult r =
        new LocalTrainer(net, server, settings).train(data, null, FeatureScaling.none(1));
    return r.history().get(0).seconds();
  }
}
