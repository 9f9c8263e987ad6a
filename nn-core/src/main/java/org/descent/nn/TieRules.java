package org.descent.nn;

import java.util.Arrays;
import java.util.List;

/**
 * The checks on a network's {@link Tie}s, made when the {@link NetworkSpec} is built (so at
 * configuration time): every message names the dense layers 1-based, as {@code descent summary}
 * does, and their shapes. Supported: any number of layers borrowing one owner's matrix, as it is or
 * transposed. Refused: a layer that does not exist, a layer tied to itself or tied twice, a chain
 * (the owner itself borrows), and a matrix whose shape does not fit.
 */
final class TieRules {
  private TieRules() {}

  static void check(int[] widths, List<Tie> ties) {
    int layers = widths.length - 1;
    boolean[] borrows = new boolean[layers];
    for (Tie t : ties) {
      inRange(t.layer(), t, widths);
      inRange(t.uses(), t, widths);
      if (t.layer() == t.uses()) {
        throw refused(t, "dense layer " + (t.layer() + 1) + " cannot use itself");
      }
      if (borrows[t.layer()]) {
        throw refused(
            t,
            "dense layer "
                + (t.layer() + 1)
                + " is tied twice; a layer uses at most one other layer's matrix");
      }
      borrows[t.layer()] = true;
    }
    for (Tie t : ties) {
      if (borrows[t.uses()]) {
        throw refused(
            t,
            "dense layer "
                + (t.uses() + 1)
                + " does not own a matrix, it uses another layer's; tie dense layer "
                + (t.layer() + 1)
                + " to the owner directly (chains are not supported)");
      }
      checkShape(widths, t);
    }
  }

  private static void inRange(int layer, Tie t, int[] widths) {
    int layers = widths.length - 1;
    if (layer < 0 || layer >= layers) {
      throw refused(
          t,
          "there is no dense layer "
              + (layer + 1)
              + "; the network "
              + Arrays.toString(widths)
              + " has dense layers 1 to "
              + layers);
    }
  }

  private static void checkShape(int[] widths, Tie t) {
    int in = widths[t.layer()];
    int out = widths[t.layer() + 1];
    int ownerIn = widths[t.uses()];
    int ownerOut = widths[t.uses() + 1];
    boolean fits =
        t.mode() == Tie.Mode.SAME
            ? ownerIn == in && ownerOut == out
            : ownerIn == out && ownerOut == in;
    if (fits) {
      return;
    }
    String hint;
    if (t.mode() == Tie.Mode.SAME && ownerIn == out && ownerOut == in) {
      hint = "; mode transpose would fit";
    } else if (t.mode() == Tie.Mode.TRANSPOSE && ownerIn == in && ownerOut == out) {
      hint = "; mode same would fit";
    } else {
      hint = "; change model.layers or tie another layer";
    }
    throw refused(
        t,
        "dense layer "
            + (t.layer() + 1)
            + " ("
            + in
            + " → "
            + out
            + ") needs a "
            + in
            + "×"
            + out
            + " matrix, but dense layer "
            + (t.uses() + 1)
            + "'s matrix is "
            + ownerIn
            + "×"
            + ownerOut
            + (t.mode() == Tie.Mode.TRANSPOSE
                ? " (" + ownerOut + "×" + ownerIn + " transposed)"
                : " (mode same)")
            + hint);
  }

  /** The refusal of {@code t}: its configuration text, then {@code why}. */
  private static IllegalArgumentException refused(Tie t, String why) {
    return new IllegalArgumentException("tie " + t.configText() + ": " + why);
  }
}
