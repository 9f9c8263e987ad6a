package org.descent.nn;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Weight sharing: dense layer {@code layer} multiplies by the weight matrix of dense layer {@code
 * uses} instead of owning one, as it is ({@link Mode#SAME}) or transposed ({@link Mode#TRANSPOSE},
 * the tied autoencoder's decoder). Biases are never shared. Indices are 0-based here (positions in
 * the network's dense layers); the configuration syntax and every message number layers from 1, as
 * {@code descent summary} does.
 *
 * <p>Semantics: the gradient of a shared matrix is the sum over its uses (a transposed use adds its
 * gradient transposed back), penalties and constraints see the owned matrix once, and the flat
 * parameter array ({@link ParameterLayout}) holds only owned matrices.
 *
 * @param layer the dense layer that borrows a matrix (0-based)
 * @param uses the dense layer that owns it (0-based)
 * @param mode how the borrowed matrix is used
 */
public record Tie(int layer, int uses, Mode mode) implements Serializable {

  /** How a tied layer uses the owner's matrix W ({@code [in, out]} of the owner). */
  public enum Mode {
    /** The very same matrix: the shapes must be equal. */
    SAME,
    /** Wᵀ: the tied layer maps the owner's outputs back to its inputs. */
    TRANSPOSE;

    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Mode parse(String s) {
      for (Mode m : values()) {
        if (m.configName().equals(s.trim().toLowerCase(Locale.ROOT))) {
          return m;
        }
      }
      throw new IllegalArgumentException(
          "unknown tie mode '" + s + "'; use same (equal shapes) or transpose");
    }
  }

  public Tie {
    if (mode == null) {
      throw new IllegalArgumentException("a tie needs a mode: same or transpose");
    }
  }

  /**
   * Parses the configuration syntax: comma-separated {@code LAYER:OWNER:MODE} with 1-based dense
   * layer numbers, e.g. {@code 3:1:transpose} (dense layer 3 multiplies by dense layer 1's matrix
   * transposed). Empty or blank text means no ties. Shapes are checked by {@link NetworkSpec}.
   */
  public static List<Tie> parseList(String text) {
    List<Tie> ties = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return ties;
    }
    for (String part : text.split(",")) {
      String p = part.trim();
      String[] f = p.split(":");
      if (f.length != 3) {
        throw new IllegalArgumentException(
            "tie '"
                + p
                + "' must be LAYER:OWNER:MODE with dense layers numbered from 1 as in descent"
                + " summary, e.g. 3:1:transpose (layer 3 uses layer 1's matrix transposed)");
      }
      int layer = layerNumber(f[0], p);
      int owner = layerNumber(f[1], p);
      ties.add(new Tie(layer - 1, owner - 1, Mode.parse(f[2])));
    }
    return ties;
  }

  private static int layerNumber(String s, String tie) {
    int n;
    try {
      n = Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "tie '" + tie + "': '" + s.trim() + "' is not a dense layer number");
    }
    if (n < 1) {
      throw new IllegalArgumentException(
          "tie '" + tie + "': dense layers are numbered from 1 (as in descent summary), got " + n);
    }
    return n;
  }

  /** The configuration syntax of {@code ties}, the inverse of {@link #parseList}. */
  public static String format(List<Tie> ties) {
    StringBuilder sb = new StringBuilder();
    for (Tie t : ties) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(t.configText());
    }
    return sb.toString();
  }

  /** {@code LAYER:OWNER:MODE}, 1-based. */
  public String configText() {
    return (layer + 1) + ":" + (uses + 1) + ":" + mode.configName();
  }
}
