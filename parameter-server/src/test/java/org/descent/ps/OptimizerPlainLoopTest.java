package org.descent.ps;

import static org.descent.ps.SmallNetworks.gaussian;
import static org.descent.ps.SmallNetworks.toDouble;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.DoubleAccumulator;
import org.descent.nn.ParameterLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each optimiser against an independent plain loop written here in double, straight from the
 * formulas, over 20 steps of random gradients with a learning rate that changes every step.
 * Parameters and every state buffer are compared after every step ({@link ArrayComparison}).
 */
class OptimizerPlainLoopTest {
  private static final DoubleAccumulator WORST = new DoubleAccumulator(Math::max, 0);

  private static void record(double relativeToMax) {
    WORST.accumulate(relativeToMax);
  }

  private static final int STEPS = 20;
  private static final ParameterLayout LAYOUT = SmallNetworks.withBatchNorm();

  /** The reference rule: one step over double arrays, state named as the optimiser names it. */
  private interface PlainLoop {
    void step(double[] p, double[] g, Map<String, double[]> state, long t, double lr);
  }

  @AfterAll
  static void report() {
    System.out.printf(
        "OptimizerPlainLoopTest: worst |got − ref| / max|ref| = %.3g (bound %.0e)%n",
        WORST.get(), ArrayComparison.REL_OF_MAX);
  }

  private static double lr(long t) {
    return 0.05 / (1 + 0.1 * t);
  }

  private static void assertMatchesPlainLoop(Optimizer optimizer, PlainLoop reference) {
    assertMatchesPlainLoop(optimizer, reference, 1.0);
  }

  private static void assertMatchesPlainLoop(
      Optimizer optimizer, PlainLoop reference, double gradientScale) {
    Random random = new Random(42);
    int d = LAYOUT.size();
    float[] params = gaussian(random, d, 0.5);
    double[] p = toDouble(params);
    OptimizerState state = OptimizerState.zeros(optimizer, d);
    Map<String, double[]> refState = new TreeMap<>();
    for (String name : optimizer.stateNames()) {
      refState.put(name, new double[d]);
    }
    for (long t = 1; t <= STEPS; t++) {
      float[] grads = gaussian(random, d, gradientScale);
      float lr = (float) lr(t);
      optimizer.update(params, grads, state.buffers(), t, lr);
      reference.step(p, toDouble(grads), refState, t, lr);
      String at = optimizer.name() + " after step " + t;
      record(ArrayComparison.assertClose(at + ": params", p, params));
      for (String name : optimizer.stateNames()) {
        record(
            ArrayComparison.assertClose(at + ": " + name, refState.get(name), state.buffer(name)));
      }
    }
  }

  @ParameterizedTest(name = "weight decay {0}")
  @ValueSource(doubles = {0, 0.05})
  void sgdMatchesPlainLoop(double wd) {
    assertMatchesPlainLoop(
        new Sgd(wd),
        (p, g, s, t, lr) -> {
          for (int i = 0; i < p.length; i++) {
            p[i] -= lr * (g[i] + wd * p[i]);
          }
        });
  }

  @ParameterizedTest(name = "weight decay {0}")
  @ValueSource(doubles = {0, 0.05})
  void momentumMatchesPlainLoopInCourseForm(double wd) {
    double rho = 0.9;
    assertMatchesPlainLoop(
        new Momentum(rho, wd),
        (p, g, s, t, lr) -> {
          double[] v = s.get("velocity");
          for (int i = 0; i < p.length; i++) {
            v[i] = rho * v[i] - lr * (g[i] + wd * p[i]);
            p[i] += v[i];
          }
        });
  }

  @ParameterizedTest(name = "weight decay {0}")
  @ValueSource(doubles = {0, 0.05})
  void nesterovMatchesPlainLoop(double wd) {
    double mu = 0.8;
    assertMatchesPlainLoop(
        new Nesterov(mu, wd),
        (p, g, s, t, lr) -> {
          double[] buf = s.get("momentum_buffer");
          for (int i = 0; i < p.length; i++) {
            double gi = g[i] + wd * p[i];
            buf[i] = mu * buf[i] + gi;
            p[i] -= lr * (gi + mu * buf[i]);
          }
        });
  }

  @ParameterizedTest(name = "weight decay {0}")
  @ValueSource(doubles = {0, 0.05})
  void adagradMatchesPlainLoop(double wd) {
    assertMatchesPlainLoop(new AdaGrad(1e-10, wd), adagradLoop(1e-10, wd));
  }

  private static PlainLoop adagradLoop(double eps, double wd) {
    return (p, g, s, t, lr) -> {
      double[] sum = s.get("sum");
      for (int i = 0; i < p.length; i++) {
        double gi = g[i] + wd * p[i];
        sum[i] += gi * gi;
        p[i] -= lr * gi / (Math.sqrt(sum[i]) + eps);
      }
    };
  }

  @ParameterizedTest(name = "weight decay {0}")
  @ValueSource(doubles = {0, 0.05})
  void rmspropMatchesPlainLoop(double wd) {
    assertMatchesPlainLoop(new RmsProp(0.99, 1e-8, wd), rmspropLoop(0.99, 1e-8, wd));
  }

  private static PlainLoop rmspropLoop(double alpha, double eps, double wd) {
    return (p, g, s, t, lr) -> {
      double[] v = s.get("square_avg");
      for (int i = 0; i < p.length; i++) {
        double gi = g[i] + wd * p[i];
        v[i] = alpha * v[i] + (1 - alpha) * gi * gi;
        p[i] -= lr * gi / (Math.sqrt(v[i]) + eps);
      }
    };
  }

  @Test
  void adaptiveOptimizersKeepEpsOutsideTheSquareRootEvenForTinyGradients() {
    // With |g| ~ 1e-7, √(v + eps) and √v + eps differ by orders of magnitude.
    double tiny = 1e-7;
    assertMatchesPlainLoop(new AdaGrad(1e-10, 0), adagradLoop(1e-10, 0), tiny);
    assertMatchesPlainLoop(new RmsProp(0.99, 1e-8, 0), rmspropLoop(0.99, 1e-8, 0), tiny);
    assertMatchesPlainLoop(new Adam(0.9, 0.999, 1e-8, 0), adamLoop(0.9, 0.999, 1e-8, 0, 0), tiny);
  }

  @ParameterizedTest(name = "weight decay {0}")
  @ValueSource(doubles = {0, 0.05})
  void adamMatchesPlainLoop(double wd) {
    assertMatchesPlainLoop(new Adam(0.9, 0.999, 1e-8, wd), adamLoop(0.9, 0.999, 1e-8, wd, 0));
  }

  @ParameterizedTest(name = "weight decay {0}")
  @ValueSource(doubles = {0, 0.05})
  void adamwMatchesPlainLoop(double wd) {
    assertMatchesPlainLoop(new AdamW(0.8, 0.99, 1e-8, wd), adamLoop(0.8, 0.99, 1e-8, 0, wd));
  }

  private static PlainLoop adamLoop(
      double b1, double b2, double eps, double coupled, double decoupled) {
    return (p, g, s, t, lr) -> {
      double[] m = s.get("exp_avg");
      double[] v = s.get("exp_avg_sq");
      for (int i = 0; i < p.length; i++) {
        p[i] *= 1 - lr * decoupled;
        double gi = g[i] + coupled * p[i]; // coupled and decoupled are never both non-zero
        m[i] = b1 * m[i] + (1 - b1) * gi;
        v[i] = b2 * v[i] + (1 - b2) * gi * gi;
        double mHat = m[i] / (1 - Math.pow(b1, t));
        double vHat = v[i] / (1 - Math.pow(b2, t));
        p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
      }
    };
  }

  @ParameterizedTest(name = "weight decay {0}")
  @ValueSource(doubles = {0, 0.01})
  void lambMatchesPlainLoopTensorByTensor(double wd) {
    double b1 = 0.9;
    double b2 = 0.999;
    double eps = 1e-6;
    assertMatchesPlainLoop(
        new Lamb(b1, b2, eps, wd, LAYOUT),
        (p, g, s, t, lr) -> {
          double[] m = s.get("exp_avg");
          double[] v = s.get("exp_avg_sq");
          double[] u = new double[p.length];
          for (int i = 0; i < p.length; i++) {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            double mHat = m[i] / (1 - Math.pow(b1, t));
            double vHat = v[i] / (1 - Math.pow(b2, t));
            u[i] = mHat / (Math.sqrt(vHat) + eps) + wd * p[i];
          }
          for (ParameterLayout.Segment seg : LAYOUT.segments()) {
            double pp = 0;
            double uu = 0;
            for (int i = seg.offset(); i < seg.end(); i++) {
              pp += p[i] * p[i];
              uu += u[i] * u[i];
            }
            double ratio = pp > 0 && uu > 0 ? Math.sqrt(pp) / Math.sqrt(uu) : 1;
            for (int i = seg.offset(); i < seg.end(); i++) {
              p[i] -= lr * ratio * u[i];
            }
          }
        });
  }

  @Test
  void momentumEqualsPytorchBufferFormWhileLrIsConstant() {
    // FORMAT.md §6: v = −lr·buf and the same parameters when lr does not change.
    Random random = new Random(7);
    int d = 10;
    float lr = 0.1f;
    double mu = 0.9;
    float[] params = gaussian(random, d, 1);
    double[] p = toDouble(params);
    double[] buf = new double[d];
    Momentum momentum = new Momentum(mu, 0);
    OptimizerState state = OptimizerState.zeros(momentum, d);
    for (long t = 1; t <= STEPS; t++) {
      float[] g = gaussian(random, d, 1);
      momentum.update(params, g, state.buffers(), t, lr);
      double[] minusLrBuf = new double[d];
      for (int i = 0; i < d; i++) {
        buf[i] = mu * buf[i] + g[i];
        p[i] -= lr * buf[i];
        minusLrBuf[i] = -lr * buf[i];
      }
      record(ArrayComparison.assertClose("params after step " + t, p, params));
      record(
          ArrayComparison.assertClose(
              "velocity after step " + t, minusLrBuf, state.buffer("velocity")));
    }
  }
}
