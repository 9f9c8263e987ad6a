package org.descent.ps;

import java.util.List;

/**
 * The state buffers of one optimiser over a parameter vector of length d: named {@code float[d]}
 * arrays, all zero before the first step. Caller-owned: {@link Optimizer#update} writes into {@link
 * #buffers()}.
 */
public final class OptimizerState {
  private final List<String> names;
  private final float[][] buffers;

  private OptimizerState(List<String> names, float[][] buffers) {
    this.names = names;
    this.buffers = buffers;
  }

  /** Zero state for {@code optimizer} over {@code size} parameters. */
  public static OptimizerState zeros(Optimizer optimizer, int size) {
    List<String> names = List.copyOf(optimizer.stateNames());
    return new OptimizerState(names, new float[names.size()][size]);
  }

  public List<String> names() {
    return names;
  }

  /** The live arrays, in the order of {@link #names()}; pass these to {@link Optimizer#update}. */
  public float[][] buffers() {
    return buffers;
  }

  /** The live array called {@code name}, e.g. {@code exp_avg}. */
  public float[] buffer(String name) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException(
          "no optimizer state buffer '" + name + "'; this optimizer keeps " + names);
    }
    return buffers[i];
  }

  /** Overwrites buffer {@code i} with {@code values} (same length). */
  public void set(int i, float[] values) {
    if (values.length != buffers[i].length) {
      throw new IllegalArgumentException(
          "state buffer "
              + names.get(i)
              + " has "
              + buffers[i].length
              + " values, got "
              + values.length);
    }
    System.arraycopy(values, 0, buffers[i], 0, values.length);
  }
}
