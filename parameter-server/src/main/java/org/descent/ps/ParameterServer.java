package org.descent.ps;

import java.io.IOException;
import java.io.InputStream;
import org.descent.nn.BatchNormKernel;
import org.descent.nn.BatchNormStatistics;
import org.descent.nn.ParameterLayout;

/**
 * The owner of the weights between steps: the flat {@code float[]} of parameters, the optimiser and
 * its state, the step counter, the learning-rate schedule, regularisation, clipping and
 * constraints, and the layer state (batch-norm running statistics, kept but not interpreted here).
 *
 * <p>One step, {@link #apply(float[], double)}, runs exactly
 *
 * <pre>
 *   g = Σgrad / rows → g += ∂R/∂W → clip(g) → optimiser(w, g, lr(t), t) → constrain(w) → step++
 * </pre>
 *
 * <p>with {@code t = step() + 1}. A gradient with a NaN or infinite entry is refused before
 * anything changes ({@link NonFiniteGradientException}). Not thread-safe: the driver calls it from
 * its one training loop. The mean-gradient buffer is allocated once; a step allocates nothing of
 * the parameters' size (max-norm uses one small array per weight matrix).
 */
public final class ParameterServer {
  private final ParameterLayout layout;
  private final UpdateConfig config;
  private final Optimizer optimizer;
  private final OptimizerState optimizerState;
  private final float[] weights;
  private final float[] layerState;
  private final float[] gradient; // scratch: this step's mean gradient
  private UpdateThreads threads = UpdateThreads.shared();
  private long step;

  /**
   * A parameter server at step 0 with zero optimiser state and fresh layer state (batch-norm
   * running mean 0, running variance 1, as PyTorch starts).
   *
   * @param initialWeights copied; length {@code layout.size()}
   */
  public ParameterServer(ParameterLayout layout, float[] initialWeights, UpdateConfig config) {
    this(layout, config, initialWeights.clone(), BatchNormStatistics.initialState(layout), 0);
  }

  ParameterServer(
      ParameterLayout layout, UpdateConfig config, float[] weights, float[] layerState, long step) {
    layout.checkParameters(weights, "initial weights");
    layout.checkState(layerState);
    this.layout = layout;
    this.config = config;
    this.optimizer = config.optimizer(layout);
    this.optimizerState = OptimizerState.zeros(optimizer, layout.size());
    this.weights = weights;
    this.layerState = layerState;
    this.gradient = new float[layout.size()];
    this.step = step;
  }

  /**
   * One training step from a gradient of Σ w_i·L_i summed over a step's rows (what the tasks
   * return): divides by the weight total Σ w_i here and nowhere else, then regularises, clips,
   * updates and constrains. Unweighted rows weigh 1 each, so their total is the row count; rows
   * weighted by a spark.ml weightCol weigh what the column says. A gradient that is already a mean
   * steps with a total of 1.
   *
   * @throws NonFiniteGradientException naming the step and layer; nothing was changed
   */
  public void apply(float[] gradientSum, double weightTotal) {
    apply(gradientSum, null, weightTotal, config.schedule().lr(step + 1));
  }

  /**
   * As {@link #apply(float[], double)} with the gradient sum given as two addends, {@code
   * gradientSum + addend} entry by entry ({@code addend} may be null): the division adds them in
   * the pass it makes anyway, instead of a pass of their own before it. Same bits as adding first.
   */
  public void apply(float[] gradientSum, float[] addend, double weightTotal) {
    apply(gradientSum, addend, weightTotal, config.schedule().lr(step + 1));
  }

  /**
   * As {@link #apply(float[], double)} with {@code learningRate} in place of the schedule's rate
   * for this one step: the learning-rate range test raises the rate exponentially, which no
   * configured schedule does (their factors are at most 1).
   */
  public void apply(float[] gradientSum, double weightTotal, double learningRate) {
    apply(gradientSum, null, weightTotal, learningRate);
  }

  /** {@link #apply(float[], float[], double)} at {@code learningRate}. */
  public void apply(float[] gradientSum, float[] addend, double weightTotal, double learningRate) {
    layout.checkParameters(gradientSum, "gradient sum");
    if (addend != null) {
      layout.checkParameters(addend, "gradient addend");
    }
    if (!(weightTotal > 0) || Double.isInfinite(weightTotal)) {
      throw new IllegalArgumentException(
          "the rows of step "
              + (step + 1)
              + " weigh "
              + weightTotal
              + " in total; a step needs a positive, finite total weight");
    }
    applySum(gradientSum, addend, weightTotal, learningRate);
  }

  /**
   * The threads that run the division and an {@link ElementwiseOptimizer}'s update of large arrays,
   * {@link UpdateThreads#shared()} unless set: the same bits for every choice.
   */
  public ParameterServer updateThreads(UpdateThreads threads) {
    this.threads = threads;
    return this;
  }

  private void applySum(float[] gradientSum, float[] addend, double divisor, double learningRate) {
    // A first, C2-vectorisable pass computes the quotients (into the scratch gradient, or only
    // their max where the optimiser divides in its own pass) and tracks max|g|; a NaN or ±Inf sum
    // gives a NaN or ±Inf quotient (and a finite sum a finite one, as divisor > 0), so max|g| is
    // finite exactly when every entry is. Until that is known, at most the scratch buffer has been
    // written; weights and optimiser state are untouched. Each range keeps its own max; their max
    // is the whole array's, whatever the split.
    float[] worst = new float[threads.ranges(gradient.length)];
    UpdateThreads.RangeBody division =
        (r, from, to) -> worst[r] = divide(gradientSum, addend, divisor, gradient, from, to);
    long t = step + 1;
    float lr = (float) learningRate;
    float[][] state = optimizerState.buffers();
    if (optimizer instanceof ElementwiseOptimizer e
        && !config.regularization().isActive()
        && !config.clipping().isActive()) {
      // Nothing between the division and the optimiser: one dispatch of the threads, two passes,
      // the update only once every range's quotients are known to be finite. Where the optimiser
      // divides in its own pass (Adam, AdamW), the first pass only checks (reading the sums,
      // writing nothing) and the mean gradient is never written out.
      boolean fused =
          e instanceof AdamStep && divisor <= (1L << 24) && divisor == Math.rint(divisor);
      float rows = (float) divisor;
      UpdateArguments.check(e, weights, gradient, state, t, lr);
      threads.forEachRangeTwice(
          gradient.length,
          fused
              ? (r, from, to) -> worst[r] = maxQuotient(gradientSum, addend, rows, from, to)
              : division,
          () -> finite(worst),
          fused
              ? (r, from, to) ->
                  ((AdamStep) e)
                      .updateRangeFromSum(
                          weights, gradientSum, addend, rows, state, t, lr, from, to)
              : (r, from, to) -> e.updateRange(weights, gradient, state, t, lr, from, to));
      if (!finite(worst)) {
        rejectNonFinite(gradientSum, addend);
      }
    } else {
      threads.forEachRange(gradient.length, division);
      if (!finite(worst)) {
        rejectNonFinite(gradientSum, addend);
      }
      config.regularization().addGradient(weights, gradient, layout);
      config.clipping().clip(gradient);
      if (optimizer instanceof ElementwiseOptimizer e) {
        UpdateArguments.check(e, weights, gradient, state, t, lr);
        threads.forEachRange(
            weights.length,
            (r, from, to) -> e.updateRange(weights, gradient, state, t, lr, from, to));
      } else {
        optimizer.update(weights, gradient, state, t, lr);
      }
    }
    if (config.constraints().isActive()) {
      config.constraints().apply(weights, layout);
    }
    step = t;
  }

  /**
   * max|(sum[i] + addend[i]) / rows| over {@code [from, to)} (without an addend, max|sum[i] /
   * rows|), by the float operations {@link #divide} uses, writing nothing.
   */
  private static float maxQuotient(float[] sum, float[] addend, float rows, int from, int to) {
    float worst = 0f;
    if (addend == null) {
      for (int i = from; i < to; i++) {
        worst = Math.max(worst, Math.abs(sum[i] / rows));
      }
    } else {
      for (int i = from; i < to; i++) {
        worst = Math.max(worst, Math.abs((sum[i] + addend[i]) / rows));
      }
    }
    return worst;
  }

  /** Whether every range's max|g| is finite (a NaN max is not). */
  private static boolean finite(float[] worst) {
    float max = 0f;
    for (float w : worst) {
      max = Math.max(max, w);
    }
    return max <= Float.MAX_VALUE;
  }

  /**
   * {@code out[i] = (sum[i] + addend[i]) / divisor} (or {@code sum[i] / divisor} without an addend)
   * rounded to float, over {@code [from, to)}, returning max|out| (NaN if any entry is NaN). The
   * addition is the float addition the aggregation would have made, so the bits are the same. A
   * whole divisor up to 2^24 (a row count) is exact as a float, and float division of two floats is
   * correctly rounded: bit-identical to dividing in double and rounding (double has more than 2·24
   * + 2 bits, so the double rounding is innocuous), but vectorisable, unlike the double divide.
   */
  private static float divide(
      float[] sum, float[] addend, double divisor, float[] out, int from, int to) {
    float worst = 0f;
    boolean wholeDivisor = divisor <= (1L << 24) && divisor == Math.rint(divisor);
    float rows = (float) divisor;
    if (addend == null && wholeDivisor) {
      for (int i = from; i < to; i++) {
        float q = sum[i] / rows;
        out[i] = q;
        worst = Math.max(worst, Math.abs(q));
      }
    } else if (addend == null) {
      for (int i = from; i < to; i++) {
        float q = (float) (sum[i] / divisor);
        out[i] = q;
        worst = Math.max(worst, Math.abs(q));
      }
    } else if (wholeDivisor) {
      for (int i = from; i < to; i++) {
        float q = (sum[i] + addend[i]) / rows;
        out[i] = q;
        worst = Math.max(worst, Math.abs(q));
      }
    } else {
      for (int i = from; i < to; i++) {
        float q = (float) ((sum[i] + addend[i]) / divisor);
        out[i] = q;
        worst = Math.max(worst, Math.abs(q));
      }
    }
    return worst;
  }

  /** The slow path once a non-finite entry is known to exist: finds the first and throws. */
  private void rejectNonFinite(float[] sum, float[] addend) {
    for (int i = 0; i < sum.length; i++) {
      float g = addend == null ? sum[i] : sum[i] + addend[i];
      if (!Float.isFinite(g)) {
        throw new NonFiniteGradientException(step + 1, layout.segmentOf(i), i, g);
      }
    }
  }

  /**
   * The live weights, to broadcast; valid until the next {@link #apply}. Callers must not write to
   * it.
   */
  public float[] weights() {
    return weights;
  }

  /** Completed steps; the next {@link #apply} is step {@code step() + 1}. */
  public long step() {
    return step;
  }

  public ParameterLayout layout() {
    return layout;
  }

  public UpdateConfig config() {
    return config;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  /** The live optimiser state. */
  public OptimizerState optimizerState() {
    return optimizerState;
  }

  /** The live layer state (batch-norm running mean and variance), length {@code stateSize()}. */
  public float[] layerState() {
    return layerState;
  }

  /** Replaces the layer state with a copy of {@code state}. */
  public void setLayerState(float[] state) {
    if (state.length != layerState.length) {
      layout.checkState(state);
      throw new IllegalArgumentException(
          "layer state has " + state.length + " values, expected " + layerState.length);
    }
    System.arraycopy(state, 0, layerState, 0, state.length);
  }

  /**
   * Folds one step's batch-norm statistics, merged over all partitions weighted by their rows, into
   * the running state: running ← (1 − m)·running + m·batch, with PyTorch's m = 0.1 and the unbiased
   * variance of the union of the rows. Does nothing without batch norm or rows.
   */
  public void mergeBatchNormStatistics(BatchNormStatistics merged) {
    merged.applyTo(layerState, BatchNormKernel.MOMENTUM);
  }

  /** The whole state as snapshot bytes. */
  public byte[] snapshot() {
    return ParameterServerSnapshot.toBytes(this);
  }

  /**
   * A parameter server that continues exactly where the snapshot's left off.
   *
   * @param layout the network's layout; must be the one the snapshot was taken with
   * @throws InvalidSnapshotException if the bytes are not an intact snapshot for this layout
   */
  public static ParameterServer restore(byte[] snapshot, ParameterLayout layout) {
    return ParameterServerSnapshot.fromBytes(snapshot, layout);
  }

  /** As {@link #restore(byte[], ParameterLayout)}, reading {@code in} to its end. */
  public static ParameterServer restore(InputStream in, ParameterLayout layout) throws IOException {
    return ParameterServerSnapshot.read(in, layout);
  }
}
