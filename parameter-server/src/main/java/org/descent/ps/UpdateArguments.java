package org.descent.ps;

/** Argument checks shared by every {@link Optimizer#update}. */
final class UpdateArguments {
  private UpdateArguments() {}

  static void check(
      Optimizer optimizer, float[] params, float[] grads, float[][] state, long step, float lr) {
    if (grads.length != params.length) {
      throw new IllegalArgumentException(
          "gradient has " + grads.length + " values but there are " + params.length + " params");
    }
    if (state.length != optimizer.stateBuffers()) {
      throw new IllegalArgumentException(
          optimizer.name()
              + " needs "
              + optimizer.stateBuffers()
              + " state buffers "
              + optimizer.stateNames()
              + ", got "
              + state.length);
    }
    for (int b = 0; b < state.length; b++) {
      if (state[b].length != params.length) {
        throw new IllegalArgumentException(
            "state buffer "
                + optimizer.stateNames().get(b)
                + " has "
                + state[b].length
                + " values but there are "
                + params.length
                + " params");
      }
    }
    if (step < 1) {
      throw new IllegalArgumentException("steps are numbered from 1, got step " + step);
    }
    if (!(lr >= 0 && Float.isFinite(lr))) {
      throw new IllegalArgumentException("learning rate must be finite and ≥ 0, got " + lr);
    }
  }
}
