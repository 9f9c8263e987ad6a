package org.descent.nn;

import java.util.SplittableRandom;

/**
 * The arithmetic of {@link Network}'s passes over a minibatch: forward through every dense layer
 * (bias, BLAS product, batch norm, activation, dropout) and backward from ∂loss/∂logits in {@code
 * ws.deltaA} to the gradient of every parameter. {@link Network} checks the call and owns the
 * public API; this class only computes, over the caller's arrays and the {@link Workspace}.
 */
final class NetworkPasses {
  private final NetworkSpec spec;
  private final ParameterLayout layout;

  /**
   * Per dense layer: whether backward (last layer first) reaches this use of its matrix before any
   * other use, so it overwrites the gradient slot (unless accumulating) instead of adding to it.
   */
  private final boolean[] firstWeightUse;

  NetworkPasses(NetworkSpec spec, ParameterLayout layout) {
    this.spec = spec;
    this.layout = layout;
    int layers = layout.denseLayerCount();
    firstWeightUse = new boolean[layers];
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int l = layers - 1; l >= 0; l--) {
      firstWeightUse[l] = seen.add(layout.dense(l).weightOffset());
    }
  }

  void forward(
      float[] params, float[] state, Minibatch b, Workspace ws, boolean training, long seed) {
    int rows = b.rows();
    float[] in = b.dense();
    int inOff = b.denseOffset();
    int last = layout.denseLayerCount() - 1;
    for (int l = 0; l <= last; l++) {
      ParameterLayout.Dense d = layout.dense(l);
      int out = d.out();
      float[] z = ws.z[l];
      for (int r = 0; r < rows; r++) {
        System.arraycopy(params, d.biasOffset(), z, r * out, out);
      }
      if (l == 0 && b.isSparse()) {
        ws.sparseColumns().transpose(b.sparse(), b.sparseRow(), rows);
        ws.sparseColumns().timesWeights(params, d.weightOffset(), out, z);
      } else {
        DenseKernel.forward(d, params, in, inOff, rows, z);
      }
      if (l == last) {
        break;
      }
      HiddenLayerSpec hs = spec.hidden().get(l);
      ParameterLayout.BatchNorm bn = layout.batchNorm(l);
      if (bn != null) {
        if (training) {
          BatchNormKernel.forwardTraining(
              z,
              rows,
              out,
              params,
              bn.gammaOffset(),
              bn.betaOffset(),
              ws.u[l],
              ws.xhat[l],
              ws.invStd[l],
              ws.batchStatistics,
              bn.runningMeanOffset(),
              bn.runningVarOffset(),
              BatchNormKernel.EPS,
              ws.batchNormScratch);
        } else {
          BatchNormKernel.forwardInference(
              z,
              rows,
              out,
              params,
              bn.gammaOffset(),
              bn.betaOffset(),
              state,
              bn.runningMeanOffset(),
              bn.runningVarOffset(),
              BatchNormKernel.EPS,
              ws.u[l]);
        }
      }
      hs.activation().forward(ws.u[l], ws.h[l], 0, rows * out, hs.activationParam());
      if (hs.dropout() > 0f && training) {
        applyDropout(ws.h[l], ws.mask[l], ws.a[l], rows * out, hs.dropout(), seed, l);
        in = ws.a[l];
      } else {
        in = ws.h[l];
      }
      inOff = 0;
    }
  }

  /** Inverted dropout: a = h·mask with mask ∈ {0, 1/keep}, drawn from (seed, layer) only. */
  private static void applyDropout(
      float[] h, float[] mask, float[] a, int n, float p, long seed, int layer) {
    SplittableRandom rng = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (layer + 1)));
    float keep = 1f - p;
    float scale = 1f / keep;
    for (int i = 0; i < n; i++) {
      float m = rng.nextFloat() < keep ? scale : 0f;
      mask[i] = m;
      a[i] = h[i] * m;
    }
  }

  /** Backward from ∂loss/∂logits in {@code ws.deltaA}. */
  void backward(float[] params, Minibatch b, Workspace ws, float[] grad, boolean accumulate) {
    int rows = b.rows();
    float[] d = ws.deltaA;
    float[] next = ws.deltaB;
    for (int l = layout.denseLayerCount() - 1; l >= 0; l--) {
      ParameterLayout.Dense dl = layout.dense(l);
      int out = dl.out();
      int in = dl.in();
      float[] input = l == 0 ? b.dense() : inputOf(l - 1, ws);
      int inputOff = l == 0 ? b.denseOffset() : 0;
      boolean addWeights = accumulate || !firstWeightUse[l];
      if (l == 0 && b.isSparse()) {
        if (!addWeights) {
          java.util.Arrays.fill(grad, dl.weightOffset(), dl.weightOffset() + in * out, 0f);
        }
        ws.sparseColumns().scatterGradient(d, out, grad, dl.weightOffset()); // from forward
      } else {
        DenseKernel.weightGradient(dl, input, inputOff, d, rows, grad, addWeights);
      }
      addColumnSums(d, rows, out, ws.columnSums, grad, dl.biasOffset(), accumulate);
      if (l == 0) {
        break;
      }
      DenseKernel.inputGradient(dl, params, d, rows, next); // dA_{l-1} = dZ·Mᵀ
      int k = l - 1;
      HiddenLayerSpec hs = spec.hidden().get(k);
      int n = rows * in;
      if (hs.dropout() > 0f) {
        float[] mask = ws.mask[k];
        for (int i = 0; i < n; i++) {
          next[i] *= mask[i];
        }
      }
      hs.activation().backward(ws.u[k], ws.h[k], next, 0, n, hs.activationParam());
      ParameterLayout.BatchNorm bn = layout.batchNorm(k);
      if (bn != null) {
        BatchNormKernel.backwardTraining(
            next,
            rows,
            in,
            ws.xhat[k],
            ws.invStd[k],
            params,
            bn.gammaOffset(),
            bn.betaOffset(),
            grad,
            accumulate,
            ws.batchNormScratch);
      }
      float[] t = d;
      d = next;
      next = t;
    }
  }

  private float[] inputOf(int hiddenLayer, Workspace ws) {
    HiddenLayerSpec hs = spec.hidden().get(hiddenLayer);
    return hs.dropout() > 0f ? ws.a[hiddenLayer] : ws.h[hiddenLayer];
  }

  private static void addColumnSums(
      float[] d, int rows, int width, double[] sums, float[] grad, int off, boolean accumulate) {
    java.util.Arrays.fill(sums, 0, width, 0.0);
    for (int r = 0; r < rows; r++) {
      int base = r * width;
      for (int j = 0; j < width; j++) {
        sums[j] += d[base + j];
      }
    }
    for (int j = 0; j < width; j++) {
      grad[off + j] = (float) (accumulate ? grad[off + j] + sums[j] : sums[j]);
    }
  }
}
