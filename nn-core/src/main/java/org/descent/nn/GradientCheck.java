package org.descent.nn;

import java.util.function.ToDoubleFunction;

/**
 * Numerical gradients by central differences, (f(x + h·e_i) − f(x − h·e_i)) / 2h, compared with an
 * analytic gradient entry by entry. The error of entry i is relative with an absolute floor,
 *
 * <pre>  rel_i = |a_i − n_i| / max(|a_i| + |n_i|, floor)</pre>
 *
 * so entries much smaller than the floor are in effect compared absolutely (|a_i − n_i| ≤ tol ·
 * floor) and a gradient of ~0 cannot fail on rounding noise alone.
 *
 * <p>Choosing h: the truncation error of a central difference is about h²/6·|f'''| and the rounding
 * error about ε·|f|/h (ε the machine epsilon of the loss). In double (ε ≈ 2.2e-16) h = 1e-6 makes
 * both ~1e-10 for |f| ~ 1: use {@link #DOUBLE_STEP}, {@link #DOUBLE_TOLERANCE}, {@link
 * #DOUBLE_FLOOR}. A float32 network (ε ≈ 1.2e-7, plus the rounding accumulated through the layers)
 * needs a much larger step and a looser tolerance: {@link #FLOAT_STEP}, {@link #FLOAT_TOLERANCE},
 * {@link #FLOAT_FLOOR}. With ReLU-like kinks, h must stay below the distance of every
 * pre-activation from its kink (the reference fixtures keep 1e-3); then use h = 1e-3 and raise the
 * floor to about 1e-1. The strict checks belong in double (the spec's rule); the float32 check
 * catches wrong formulas, not rounding-level differences.
 *
 * <p>In main code although only tests call it: the gradient check is part of nn-core's public API
 * (docs/verification.md), for users who check a custom head, tie or loss the same way.
 */
public final class GradientCheck {
  /** Step for double-precision functions. */
  public static final double DOUBLE_STEP = 1e-6;

  /** Relative tolerance for double-precision functions with {@link #DOUBLE_STEP}. */
  public static final double DOUBLE_TOLERANCE = 1e-7;

  /**
   * Floor for double-precision functions: tol·floor = 1e-9 absolute, above the ~2e-10·|f| rounding
   * error at h = 1e-6 for losses up to a few units; raise it for larger |f|.
   */
  public static final double DOUBLE_FLOOR = 1e-2;

  /** Step for float32 networks (writes x ± h into a float parameter). */
  public static final double FLOAT_STEP = 1e-2;

  /** Relative tolerance for float32 networks with {@link #FLOAT_STEP}. */
  public static final double FLOAT_TOLERANCE = 1e-2;

  /**
   * Floor for float32 networks: tol·floor = 1e-4 absolute, above the ~ε·|L|/h ≈ 1e-5·|L| rounding
   * error of a float loss at h = 1e-2.
   */
  public static final double FLOAT_FLOOR = 1e-2;

  /**
   * A loss of float32 parameters. Return it in double where the computation has it (the network's
   * loss sums are accumulated in double): rounding a loss sum of ~10 to float would quantise the
   * difference quotient in steps of ~5e-4 at h = 1e-3.
   */
  @FunctionalInterface
  public interface FloatLoss {
    double evaluate(float[] params);
  }

  /**
   * The outcome of a check.
   *
   * @param numerical the central-difference gradient
   * @param maxAbsError max over i of |a_i − n_i|
   * @param maxRelError max over i of |a_i − n_i| / max(|a_i| + |n_i|, floor); NaN if any entry is
   *     NaN
   * @param worstIndex the index with the largest relative error (NaN counting as largest), −1 for
   *     an empty gradient
   */
  public record Result(double[] numerical, double maxAbsError, double maxRelError, int worstIndex) {
    /** True if {@code maxRelError <= relTolerance} (false when it is NaN). */
    public boolean passes(double relTolerance) {
      return maxRelError <= relTolerance;
    }

    @Override
    public String toString() {
      return String.format(
          "max relative error %.3g at index %d (numerical %s), max absolute error %.3g",
          maxRelError,
          worstIndex,
          worstIndex < 0 ? "-" : String.format("%.9g", numerical[worstIndex]),
          maxAbsError);
    }
  }

  private GradientCheck() {}

  /**
   * {@link #check(ToDoubleFunction, double[], double[], double, double)} with {@link
   * #DOUBLE_FLOOR}.
   */
  public static Result check(
      ToDoubleFunction<double[]> f, double[] x, double[] analytic, double h) {
    return check(f, x, analytic, h, DOUBLE_FLOOR);
  }

  /**
   * Checks {@code analytic} against the central-difference gradient of {@code f} at {@code x}.
   * Entries of {@code x} are perturbed in place and restored exactly, one at a time, so {@code f}
   * may read them through a model that shares the array.
   */
  public static Result check(
      ToDoubleFunction<double[]> f, double[] x, double[] analytic, double h, double floor) {
    validate(x.length, analytic.length, h, floor);
    double[] numerical = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double saved = x[i];
      try {
        // The step actually taken, (x+h) − (x−h) after rounding, not 2h.
        double plus = saved + h;
        double minus = saved - h;
        x[i] = plus;
        double fPlus = f.applyAsDouble(x);
        x[i] = minus;
        double fMinus = f.applyAsDouble(x);
        numerical[i] = (fPlus - fMinus) / (plus - minus);
      } finally {
        x[i] = saved;
      }
    }
    return compare(numerical, analytic, floor);
  }

  /** {@link #check(FloatLoss, float[], float[], double, double)} with {@link #FLOAT_FLOOR}. */
  public static Result check(FloatLoss f, float[] params, float[] analytic, double h) {
    return check(f, params, analytic, h, FLOAT_FLOOR);
  }

  /**
   * The float32 form: each parameter is set to the float nearest x ± h, the float loss evaluated,
   * and the parameter restored exactly. The difference quotient is taken in double over the step
   * actually written, because rounding x ± h to float changes the step by up to one ulp of x (a
   * relative error of ulp(x)/2h otherwise, ~6e-5 for |x| ~ 1 at h = 1e-3).
   *
   * @throws IllegalArgumentException if x + h and x − h round to the same float
   */
  public static Result check(
      FloatLoss f, float[] params, float[] analytic, double h, double floor) {
    validate(params.length, analytic.length, h, floor);
    double[] numerical = new double[params.length];
    for (int i = 0; i < params.length; i++) {
      float saved = params[i];
      float plus = (float) (saved + h);
      float minus = (float) (saved - h);
      if (plus == minus) {
        throw new IllegalArgumentException(
            "step h=" + h + " is below float resolution at params[" + i + "]=" + saved);
      }
      try {
        params[i] = plus;
        double fPlus = f.evaluate(params);
        params[i] = minus;
        double fMinus = f.evaluate(params);
        numerical[i] = (fPlus - fMinus) / ((double) plus - (double) minus);
      } finally {
        params[i] = saved;
      }
    }
    double[] a = new double[analytic.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = analytic[i];
    }
    return compare(numerical, a, floor);
  }

  private static void validate(int n, int analyticLength, double h, double floor) {
    if (n != analyticLength) {
      throw new IllegalArgumentException(
          "point has " + n + " entries, analytic gradient " + analyticLength);
    }
    if (!(h > 0) || Double.isInfinite(h)) {
      throw new IllegalArgumentException("step h must be positive and finite, got " + h);
    }
    if (!(floor > 0)) {
      throw new IllegalArgumentException("floor must be positive, got " + floor);
    }
  }

  private static Result compare(double[] numerical, double[] analytic, double floor) {
    double maxAbs = 0;
    double maxRel = 0;
    int worst = -1;
    for (int i = 0; i < numerical.length; i++) {
      double a = analytic[i];
      double n = numerical[i];
      double abs = Math.abs(a - n);
      double rel = abs / Math.max(Math.abs(a) + Math.abs(n), floor);
      maxAbs = Math.max(maxAbs, abs); // Math.max propagates NaN
      if (worst < 0 || rank(rel) > rank(maxRel)) {
        maxRel = rel;
        worst = i;
      }
    }
    return new Result(numerical, maxAbs, maxRel, worst);
  }

  /** NaN ranks above every number, so a NaN entry is reported as the worst. */
  private static double rank(double rel) {
    return Double.isNaN(rel) ? Double.POSITIVE_INFINITY : rel;
  }
}
