package org.descent.nn;

import java.util.Arrays;

/**
 * Batch normalisation over the rows of a {@code [rows, width]} matrix (Ioffe &amp; Szegedy 2015,
 * PyTorch's BatchNorm1d conventions): training normalises with the batch mean and the biased
 * variance; the running variance is updated with the unbiased one; momentum is the weight of the
 * new statistic (0.1).
 */
public final class BatchNormKernel {
  /** Added to the variance before the square root. */
  public static final float EPS = 1e-5f;

  /** Weight of the new batch statistic in the running average (PyTorch's convention). */
  public static final float MOMENTUM = 0.1f;

  private BatchNormKernel() {}

  /**
   * The three per-feature double arrays the training passes work in, for features up to {@code
   * width}: one set per {@link Workspace}, so that a training step allocates nothing (on a cluster
   * an executor's garbage is paid for in GC pauses that every step waits for).
   */
  static double[][] scratch(int width) {
    return new double[][] {new double[width], new double[width], new double[width]};
  }

  /**
   * Training-mode forward: writes Y = γ·X̂ + β into {@code y}, X̂ into {@code xhat}, 1/√(σ²+eps)
   * into {@code invStd}, and the batch mean and biased variance into {@code stats} at {@code
   * meanOff} and {@code varOff}.
   *
   * <p>Every pass walks the matrix row by row with one accumulator per column: the same additions
   * in the same order as a column-by-column walk (so the same bits), but reading memory in the
   * order it is laid out, which C2 can vectorise, instead of a stride of {@code width} floats.
   * Works in {@code scratch} ({@link #scratch}), whose contents it overwrites.
   */
  static void forwardTraining(
      float[] x,
      int rows,
      int width,
      float[] params,
      int gammaOff,
      int betaOff,
      float[] y,
      float[] xhat,
      float[] invStd,
      float[] stats,
      int meanOff,
      int varOff,
      float eps,
      double[][] scratch) {
    double[] mean = zeroed(scratch[0], width);
    double[] var = zeroed(scratch[1], width);
    double[] inv = scratch[2];
    for (int r = 0; r < rows; r++) {
      int row = r * width;
      for (int c = 0; c < width; c++) {
        mean[c] += x[row + c];
      }
    }
    for (int c = 0; c < width; c++) {
      mean[c] /= rows;
    }
    for (int r = 0; r < rows; r++) {
      int row = r * width;
      for (int c = 0; c < width; c++) {
        double d = x[row + c] - mean[c];
        var[c] += d * d;
      }
    }
    for (int c = 0; c < width; c++) {
      var[c] /= rows;
      inv[c] = 1.0 / Math.sqrt(var[c] + eps);
      invStd[c] = (float) inv[c];
      stats[meanOff + c] = (float) mean[c];
      stats[varOff + c] = (float) var[c];
    }
    for (int r = 0; r < rows; r++) {
      int row = r * width;
      for (int c = 0; c < width; c++) {
        int i = row + c;
        float xh = (float) ((x[i] - mean[c]) * inv[c]);
        xhat[i] = xh;
        y[i] = params[gammaOff + c] * xh + params[betaOff + c];
      }
    }
  }

  /** Inference forward with running statistics: Y = γ·(X − μ_run)/√(σ²_run + eps) + β. */
  static void forwardInference(
      float[] x,
      int rows,
      int width,
      float[] params,
      int gammaOff,
      int betaOff,
      float[] state,
      int meanOff,
      int varOff,
      float eps,
      float[] y) {
    float[] scale = new float[width];
    for (int c = 0; c < width; c++) {
      scale[c] = inferenceScale(params[gammaOff + c], state[varOff + c], eps);
    }
    for (int r = 0; r < rows; r++) {
      int row = r * width;
      for (int c = 0; c < width; c++) {
        int i = row + c;
        y[i] = (x[i] - state[meanOff + c]) * scale[c] + params[betaOff + c];
      }
    }
  }

  /**
   * γ / √(running variance + eps): the per-channel scale of inference mode, and of the dense layer
   * that ONNX export folds batch norm into (same float rounding in both).
   */
  public static float inferenceScale(float gamma, float variance, float eps) {
    return (float) (gamma / Math.sqrt(variance + eps));
  }

  /**
   * Training-mode backward through the batch statistics. Reads dY from {@code d} and overwrites it
   * with dX = γ·invStd/n · (n·dY − Σ dY − X̂·Σ(dY·X̂)); writes (or adds, if {@code accumulate}) dγ
   * = Σ dY·X̂ and dβ = Σ dY into {@code grad}. Row by row, and in {@code scratch}, as {@link
   * #forwardTraining}.
   */
  static void backwardTraining(
      float[] d,
      int rows,
      int width,
      float[] xhat,
      float[] invStd,
      float[] params,
      int gammaOff,
      int betaOff,
      float[] grad,
      boolean accumulate,
      double[][] scratch) {
    double[] sumDy = zeroed(scratch[0], width);
    double[] sumDyXhat = zeroed(scratch[1], width);
    double[] k = scratch[2];
    for (int r = 0; r < rows; r++) {
      int row = r * width;
      for (int c = 0; c < width; c++) {
        int i = row + c;
        sumDy[c] += d[i];
        sumDyXhat[c] += (double) d[i] * xhat[i];
      }
    }
    writeGradients(grad, gammaOff, betaOff, sumDyXhat, sumDy, width, accumulate);
    for (int c = 0; c < width; c++) {
      k[c] = params[gammaOff + c] * (double) invStd[c] / rows;
    }
    for (int r = 0; r < rows; r++) {
      int row = r * width;
      for (int c = 0; c < width; c++) {
        int i = row + c;
        d[i] = (float) (k[c] * (rows * (double) d[i] - sumDy[c] - xhat[i] * sumDyXhat[c]));
      }
    }
  }

  /** dγ = Σ dY·X̂ and dβ = Σ dY into {@code grad}, written or (if {@code accumulate}) added. */
  private static void writeGradients(
      float[] grad,
      int gammaOff,
      int betaOff,
      double[] sumDyXhat,
      double[] sumDy,
      int width,
      boolean accumulate) {
    for (int c = 0; c < width; c++) {
      if (accumulate) {
        grad[gammaOff + c] += (float) sumDyXhat[c];
        grad[betaOff + c] += (float) sumDy[c];
      } else {
        grad[gammaOff + c] = (float) sumDyXhat[c];
        grad[betaOff + c] = (float) sumDy[c];
      }
    }
  }

  private static double[] zeroed(double[] a, int width) {
    Arrays.fill(a, 0, width, 0.0);
    return a;
  }
}
