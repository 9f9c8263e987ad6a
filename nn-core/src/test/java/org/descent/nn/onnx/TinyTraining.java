package org.descent.nn.onnx;

import java.util.Map;
import java.util.SplittableRandom;
import org.descent.nn.BatchNormKernel;
import org.descent.nn.BatchNormStatistics;
import org.descent.nn.FeatureScaling;
import org.descent.nn.Initializer;
import org.descent.nn.Minibatch;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.nn.ParameterLayout;
import org.descent.nn.Workspace;
import org.descent.nn.model.SavedModel;

/**
 * Small synthetic problems and a plain minibatch SGD loop (with batch-norm running statistics
 * updated as the trainers do), so the export tests run on genuinely trained models.
 */
final class TinyTraining {
  private TinyTraining() {}

  /** Column c is 10·(c+1) + (c+1)·N(0, 1): offsets and spreads that feature scaling must undo. */
  static float[] features(int rows, int width, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] x = new float[rows * width];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < width; c++) {
        x[r * width + c] = (float) (10.0 * (c + 1) + (c + 1) * rng.nextGaussian());
      }
    }
    return x;
  }

  /** The standardised value of column c of row r of {@link #features}. */
  static double z(float[] x, int width, int r, int c) {
    return (x[r * width + c] - 10.0 * (c + 1)) / (c + 1);
  }

  /** A class in [0, classes) from a nonlinear rule of the standardised features. */
  static float[] classLabels(float[] x, int rows, int width, int classes) {
    float[] y = new float[rows];
    for (int r = 0; r < rows; r++) {
      int best = 0;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < classes; k++) {
        double s = 0;
        for (int c = 0; c < width; c++) {
          s += Math.cos(k + 1.7 * c) * z(x, width, r, c);
        }
        s += 0.5 * Math.sin(k * z(x, width, r, 0));
        if (s > bestScore) {
          bestScore = s;
          best = k;
        }
      }
      y[r] = best;
    }
    return y;
  }

  /** Two regression targets of moderate size: 5 + 2 sin z0 + z1·z2 and −3 + z0 − z3/2. */
  static float[] regressionTargets(float[] x, int rows, int width) {
    float[] y = new float[rows * 2];
    for (int r = 0; r < rows; r++) {
      y[2 * r] =
          (float) (5 + 2 * Math.sin(z(x, width, r, 0)) + z(x, width, r, 1) * z(x, width, r, 2));
      y[2 * r + 1] = (float) (-3 + z(x, width, r, 0) - 0.5 * z(x, width, r, 3));
    }
    return y;
  }

  /**
   * Fits the feature (and, if {@code scaleTargets}, target) standardisation, then runs {@code
   * steps} SGD steps of {@code batch} rows with learning rate {@code lr}.
   */
  static SavedModel train(
      NetworkSpec spec,
      float[] raw,
      float[] targets,
      int rows,
      FeatureScaling.Mode featureMode,
      boolean scaleTargets,
      int steps,
      float lr,
      long seed) {
    int w = spec.inputWidth();
    FeatureScaling fs =
        FeatureScaling.fit(featureMode, new FeatureScaling.Statistics(w).add(raw, 0, rows), 255f);
    float[] x = raw.clone();
    fs.apply(x, 0, rows);
    int tw = spec.loss().targetWidth(spec.outputWidth());
    FeatureScaling ts =
        scaleTargets
            ? FeatureScaling.fit(
                FeatureScaling.Mode.STANDARDIZE,
                new FeatureScaling.Statistics(tw).add(targets, 0, rows),
                1f)
            : FeatureScaling.none(tw);
    float[] t = targets.clone();
    ts.apply(t, 0, rows);
    Network net = new Network(spec);
    ParameterLayout layout = net.layout();
    float[] params = Initializer.initialParameters(spec, seed);
    float[] state = BatchNormStatistics.initialState(layout);
    float[] grad = new float[params.length];
    int batch = 32;
    Workspace ws = net.workspace(batch);
    int batches = rows / batch;
    for (int step = 0; step < steps; step++) {
      int start = (step % batches) * batch;
      net.gradient(
          params,
          Minibatch.of(x, start * w, batch).targets(t, start * tw),
          ws,
          grad,
          seed + step,
          false);
      for (int i = 0; i < params.length; i++) {
        params[i] -= lr * grad[i] / batch;
      }
      BatchNormStatistics stats = new BatchNormStatistics(layout);
      stats.add(ws.batchStatistics(), batch);
      stats.applyTo(state, BatchNormKernel.MOMENTUM);
    }
    return new SavedModel(spec, params, state, fs, ts, Map.of("descent.version", "test"));
  }
}
