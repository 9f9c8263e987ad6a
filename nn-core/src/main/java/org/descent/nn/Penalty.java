package org.descent.nn;

/**
 * Weight penalties added to the batch-mean loss (not divided by rows): L2 λ₂·ΣW² (gradient 2λ₂W, no
 * ½), L1 λ₁·Σ|W| (gradient λ₁·sign W), and elastic net, both at once. Applied to the weights of
 * dense layers only; biases and batch-norm γ/β are never penalised unless {@code includeBiases} is
 * set (then biases are, γ/β still not).
 */
public record Penalty(double l1, double l2, boolean includeBiases) {
  public static final Penalty NONE = new Penalty(0, 0, false);

  public Penalty {
    if (!(l1 >= 0) || !(l2 >= 0) || Double.isInfinite(l1) || Double.isInfinite(l2)) {
      throw new IllegalArgumentException(
          "penalty strengths must be finite and ≥ 0, got l1=" + l1 + " l2=" + l2);
    }
  }

  public static Penalty l2(double lambda) {
    return new Penalty(0, lambda, false);
  }

  public static Penalty l1(double lambda) {
    return new Penalty(lambda, 0, false);
  }

  public static Penalty elasticNet(double l1, double l2) {
    return new Penalty(l1, l2, false);
  }

  public boolean isZero() {
    return l1 == 0 && l2 == 0;
  }

  private boolean applies(ParameterLayout.Segment s) {
    return s.kind() == ParameterLayout.Kind.WEIGHT
        || (includeBiases && s.kind() == ParameterLayout.Kind.BIAS);
  }

  /** λ₁Σ|W| + λ₂ΣW² over the penalised segments. */
  public double value(float[] params, ParameterLayout layout) {
    if (isZero()) {
      return 0;
    }
    double abs = 0;
    double sq = 0;
    for (ParameterLayout.Segment s : layout.segments()) {
      if (!applies(s)) {
        continue;
      }
      for (int i = s.offset(); i < s.end(); i++) {
        abs += Math.abs(params[i]);
        sq += (double) params[i] * params[i];
      }
    }
    return l1 * abs + l2 * sq;
  }

  /** Adds λ₁·sign(W) + 2λ₂·W to {@code grad} on the penalised segments (sign(0) = 0). */
  public void addGradient(float[] params, float[] grad, ParameterLayout layout) {
    if (isZero()) {
      return;
    }
    double twoL2 = 2 * l2;
    for (ParameterLayout.Segment s : layout.segments()) {
      if (!applies(s)) {
        continue;
      }
      for (int i = s.offset(); i < s.end(); i++) {
        double w = params[i];
        grad[i] = (float) (grad[i] + l1 * Math.signum(w) + twoL2 * w);
      }
    }
  }
}
