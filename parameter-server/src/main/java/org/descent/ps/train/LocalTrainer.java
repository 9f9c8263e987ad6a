package org.descent.ps.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.descent.nn.BatchNormKernel;
import org.descent.nn.BatchNormStatistics;
import org.descent.nn.FeatureScaling;
import org.descent.nn.Network;
import org.descent.nn.ParameterLayout;
import org.descent.nn.Workspace;
import org.descent.ps.ParameterServer;

/**
 * Trains on in-memory data in one process: seeded shuffled minibatches, nn-core for the gradient
 * sum, the {@link ParameterServer} for the update, per-epoch validation metrics, early stopping on
 * validation loss with patience, the best weights kept. Each step is exactly what the Spark job
 * does with a single partition.
 */
public final class LocalTrainer {
  private final Network network;
  private final ParameterServer server;
  private final TrainingSettings settings;
  private Consumer<EpochMetrics> progress = m -> {};

  public LocalTrainer(Network network, ParameterServer server, TrainingSettings settings) {
    this.network = network;
    this.server = server;
    this.settings = settings;
  }

  /** Called after every epoch, e.g. to print progress. */
  public LocalTrainer onEpoch(Consumer<EpochMetrics> listener) {
    this.progress = listener;
    return this;
  }

  /**
   * Trains on {@code train}; validates on {@code validation} (may be null) after every epoch.
   * {@code targetScaling} maps regression targets to the scale the network is trained on (use
   * {@link FeatureScaling#none}); metrics are reported in the original units.
   */
  public TrainingResult train(Dataset train, Dataset validation, FeatureScaling targetScaling) {
    ParameterLayout layout = network.layout();
    int batch = Math.min(settings.batchSize(), train.rows());
    Workspace ws = network.workspace(batch);
    float[] grad = new float[layout.size()];
    float[] xb = new float[batch * train.width()];
    float[] tb = new float[batch * train.targetWidth()];
    float[] targets = scaledTargets(train, targetScaling);
    BatchNormStatistics bnStats = new BatchNormStatistics(layout);

    List<EpochMetrics> history = new ArrayList<>();
    List<Double> stepLosses = new ArrayList<>();
    float[] best = server.weights().clone();
    float[] bestState = server.layerState().clone();
    double bestLoss = Double.POSITIVE_INFINITY;
    int bestEpoch = 0;
    int sinceBest = 0;
    boolean stoppedEarly = false;
    long step = 0;

    for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
      long start = System.nanoTime();
      int[] order =
          settings.shuffle()
              ? Dataset.permutation(train.rows(), new SplittableRandom(mix(settings.seed(), epoch)))
              : identity(train.rows());
      double epochLoss = 0;
      long epochSteps = 0;
      for (int from = 0; from < train.rows(); from += batch) {
        int n = Math.min(batch, train.rows() - from);
        gather(train, targets, order, from, n, xb, tb);
        long dropoutSeed = mix(mix(settings.seed(), epoch), step);
        double lossSum =
            network.gradient(server.weights(), xb, 0, tb, 0, n, ws, grad, dropoutSeed, false);
        stepLosses.add(lossSum / n);
        epochLoss += lossSum;
        if (layout.stateSize() > 0) {
          bnStats = new BatchNormStatistics(layout);
          bnStats.add(ws.batchStatistics(), n);
          float[] state = server.layerState();
          bnStats.applyTo(state, BatchNormKernel.MOMENTUM);
          server.setLayerState(state);
        }
        server.apply(grad, n);
        step++;
        epochSteps++;
      }
      Evaluation val =
          validation == null
              ? null
              : evaluate(network, server.weights(), server.layerState(), validation, targetScaling);
      double seconds = (System.nanoTime() - start) / 1e9;
      EpochMetrics m = metrics(epoch, epochSteps, epochLoss / train.rows(), val, seconds);
      history.add(m);
      progress.accept(m);

      double monitored = val == null ? m.trainLoss() : val.loss();
      if (monitored < bestLoss) {
        bestLoss = monitored;
        bestEpoch = epoch;
        sinceBest = 0;
        best = server.weights().clone();
        bestState = server.layerState().clone();
      } else if (settings.patience() > 0 && ++sinceBest >= settings.patience()) {
        stoppedEarly = true;
        break;
      }
      if (validation == null) {
        // Without validation data the last weights are the result, not the lowest train loss.
        best = server.weights().clone();
        bestState = server.layerState().clone();
        bestEpoch = epoch;
      }
    }
    double[] losses = stepLosses.stream().mapToDouble(Double::doubleValue).toArray();
    return new TrainingResult(
        best, bestState, bestEpoch, stoppedEarly, List.copyOf(history), losses);
  }

  /**
   * Inference-mode metrics of {@code params} on {@code data}: mean loss (on the training scale),
   * accuracy for classifiers, MSE/MAE/R² in original units for regression.
   */
  public static Evaluation evaluate(
      Network network, float[] params, float[] state, Dataset data, FeatureScaling targetScaling) {
    int chunk = Math.min(1024, data.rows());
    Workspace ws = network.workspace(chunk);
    int outWidth = network.spec().outputWidth();
    boolean classifier = network.spec().loss().isClassification();
    float[] targets = scaledTargets(data, targetScaling);
    float[] out = new float[chunk * outWidth];
    Evaluation e = new Evaluation();
    for (int from = 0; from < data.rows(); from += chunk) {
      int n = Math.min(chunk, data.rows() - from);
      double loss =
          network.loss(
              params,
              state,
              data.features(),
              from * data.width(),
              targets,
              from * data.targetWidth(),
              n,
              ws);
      e.addLoss(loss, n);
      if (classifier) {
        for (int r = 0; r < n; r++) {
          e.addPrediction(network.predictedClass(ws, r), (int) data.targets()[from + r]);
        }
      } else {
        System.arraycopy(ws.logits(), 0, out, 0, n * outWidth);
        targetScaling.invert(out, 0, n);
        for (int i = 0; i < n * outWidth; i++) {
          e.addRegression(out[i], data.targets()[from * outWidth + i]);
        }
      }
    }
    return e;
  }

  private EpochMetrics metrics(
      int epoch, long steps, double trainLoss, Evaluation val, double seconds) {
    boolean classifier = network.spec().loss().isClassification();
    if (val == null) {
      return new EpochMetrics(
          epoch,
          steps,
          trainLoss,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          seconds);
    }
    return new EpochMetrics(
        epoch,
        steps,
        trainLoss,
        val.loss(),
        classifier ? val.accuracy() : Double.NaN,
        classifier ? Double.NaN : val.mse(),
        classifier ? Double.NaN : val.mae(),
        classifier ? Double.NaN : val.r2(),
        seconds);
  }

  private static float[] scaledTargets(Dataset d, FeatureScaling scaling) {
    if (scaling.mode() == FeatureScaling.Mode.NONE) {
      return d.targets();
    }
    float[] t = d.targets().clone();
    scaling.apply(t, 0, d.rows());
    return t;
  }

  private static void gather(
      Dataset d, float[] targets, int[] order, int from, int n, float[] xb, float[] tb) {
    int w = d.width();
    int tw = d.targetWidth();
    for (int i = 0; i < n; i++) {
      int row = order[from + i];
      System.arraycopy(d.features(), row * w, xb, i * w, w);
      System.arraycopy(targets, row * tw, tb, i * tw, tw);
    }
  }

  private static int[] identity(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    return p;
  }

  /** SplitMix64 finaliser over (a, b): a well-spread seed for each (seed, epoch, step). */
  static long mix(long a, long b) {
    long z = a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
