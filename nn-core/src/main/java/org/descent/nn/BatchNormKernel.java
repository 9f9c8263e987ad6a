package org.descent.nn;

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
   * Training-mode forward: writes Y = γ·X̂ + β into {@code y}, X̂ into {@code xhat}, 1/√(σ²+eps)
   * into {@code invStd}, and the batch mean and biased variance into {@code stats} at {@code
   * meanOff} and {@code varOff}.
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
      float eps) {
    for (int c = 0; c < width; c++) {
      double mean = 0;
      for (int r = 0; r < rows; r++) {
        mean += x[r * width + c];
      }
      mean /= rows;
      double var = 0;
      for (int r = 0; r < rows; r++) {
        double d = x[r * width + c] - mean;
        var += d * d;
      }
      var /= rows;
      double inv = 1.0 / Math.sqrt(var + eps);
      invStd[c] = (float) inv;
      stats[meanOff + c] = (float) mean;
      stats[varOff + c] = (float) var;
      float gamma = params[gammaOff + c];
      float beta = params[betaOff + c];
      for (int r = 0; r < rows; r++) {
        int i = r * width + c;
        float xh = (float) ((x[i] - mean) * inv);
        xhat[i] = xh;
        y[i] = gamma * xh + beta;
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
    for (int c = 0; c < width; c++) {
      float mean = state[meanOff + c];
      float scale = inferenceScale(params[gammaOff + c], state[varOff + c], eps);
      float beta = params[betaOff + c];
      for (int r = 0; r < rows; r++) {
        int i = r * width + c;
        y[i] = (x[i] - mean) * scale + beta;
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
   * = Σ dY·X̂ and dβ = Σ dY into {@code grad}.
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
      boolean accumulate) {
    for (int c = 0; c < width; c++) {
      double sumDy = 0;
      double sumDyXhat = 0;
      for (int r = 0; r < rows; r++) {
        int i = r * width + c;
        sumDy += d[i];
        sumDyXhat += (double) d[i] * xhat[i];
      }
      if (accumulate) {
        grad[gammaOff + c] += (float) sumDyXhat;
        grad[betaOff + c] += (float) sumDy;
      } else {
        grad[gammaOff + c] = (float) sumDyXhat;
        grad[betaOff + c] = (float) sumDy;
      }
      double k = params[gammaOff + c] * (double) invStd[c] / rows;
      double meanDy = sumDy;
      for (int r = 0; r < rows; r++) {
        int i = r * width + c;
        d[i] = (float) (k * (rows * (double) d[i] - meanDy - xhat[i] * sumDyXhat));
      }
    }
  }

  /**
   * Inference-mode backward (running statistics are constants): dX = dY·γ/√(σ²_run + eps), dγ = Σ
   * dY·(X − μ_run)/√(σ²_run + eps), dβ = Σ dY. {@code x} is the layer input.
   */
  static void backwardInference(
      float[] d,
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
      float[] grad,
      boolean accumulate) {
    for (int c = 0; c < width; c++) {
      double inv = 1.0 / Math.sqrt(state[varOff + c] + eps);
      double mean = state[meanOff + c];
      double sumDy = 0;
      double sumDyXhat = 0;
      float scale = (float) (params[gammaOff + c] * inv);
      for (int r = 0; r < rows; r++) {
        int i = r * width + c;
        sumDy += d[i];
        sumDyXhat += d[i] * (x[i] - mean) * inv;
        d[i] *= scale;
      }
      if (accumulate) {
        grad[gammaOff + c] += (float) sumDyXhat;
        grad[betaOff + c] += (float) sumDy;
      } else {
        grad[gammaOff + c] = (float) sumDyXhat;
        grad[betaOff + c] = (float) sumDy;
      }
    }
  }
}
