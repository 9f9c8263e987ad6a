package org.descent.nn;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where every parameter lives in the one flat {@code float[]} (and, at the same offsets, in the
 * gradient array), plus the layout of the non-gradient layer state (batch-norm running statistics)
 * in a second flat array.
 *
 * <p>Order: for each dense layer {@code l}: its weights {@code W_l} (row-major {@code [in, out]},
 * so {@code Z = A·W + b}), its biases {@code b_l}, then, if batch norm follows it, gamma and beta.
 *
 * <p>A layer tied to another ({@link Tie}) owns no weights: it has no weight segment, and its
 * {@link Dense#weightOffset} points at the owner's matrix ({@link Dense#transposed} when it
 * multiplies by that matrix transposed). So the arrays hold owned parameters only, and everything
 * that walks the segments — penalties, constraints, optimiser state — sees each matrix once.
 */
public final class ParameterLayout implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What a segment of the flat array holds. */
  public enum Kind {
    WEIGHT,
    BIAS,
    BN_GAMMA,
    BN_BETA
  }

  /**
   * A contiguous run of parameters. For {@link Kind#WEIGHT}, {@code rows} is the layer's input
   * width and {@code cols} its output width (unit {@code j}'s incoming weights are column j); for
   * the vectors, {@code rows = 1}.
   */
  public record Segment(int layer, Kind kind, int offset, int rows, int cols)
      implements Serializable {
    public int length() {
      return rows * cols;
    }

    public int end() {
      return offset + rows * cols;
    }
  }

  /**
   * Offsets of one dense layer. {@code weightOwner} is the layer whose matrix it multiplies by
   * (itself unless tied); with {@code transposed} that matrix is stored row-major {@code [out, in]}
   * and used transposed.
   */
  public record Dense(
      int in, int out, int weightOffset, int biasOffset, int weightOwner, boolean transposed)
      implements Serializable {
    /** A layer that owns its matrix, built by hand (owner unrecorded: -1, never tied). */
    public Dense(int in, int out, int weightOffset, int biasOffset) {
      this(in, out, weightOffset, biasOffset, -1, false);
    }

    /** True when this layer multiplies by another layer's matrix. */
    public boolean tied(int layer) {
      return weightOwner >= 0 && weightOwner != layer;
    }
  }

  /** Offsets of one batch-norm layer in the parameters and in the running-state array. */
  public record BatchNorm(
      int width, int gammaOffset, int betaOffset, int runningMeanOffset, int runningVarOffset)
      implements Serializable {}

  private final List<Segment> segments;
  private final List<Dense> dense;
  private final List<BatchNorm> batchNorm; // index = dense layer; null where none
  private final int size;
  private final int stateSize;

  private ParameterLayout(
      List<Segment> segments, List<Dense> dense, List<BatchNorm> bn, int size, int stateSize) {
    this.segments = List.copyOf(segments);
    this.dense = List.copyOf(dense);
    this.batchNorm = Collections.unmodifiableList(new ArrayList<>(bn));
    this.size = size;
    this.stateSize = stateSize;
  }

  public static ParameterLayout of(NetworkSpec spec) {
    int[] widths = spec.widths();
    int layers = widths.length - 1;
    List<Segment> segments = new ArrayList<>();
    int[] weightOffset = new int[layers];
    int[] biasOffset = new int[layers];
    List<BatchNorm> bn = new ArrayList<>();
    long offset = 0;
    int state = 0;
    for (int l = 0; l < layers; l++) {
      int in = widths[l];
      int out = widths[l + 1];
      if (spec.tieOf(l) == null) {
        weightOffset[l] = checkedOffset(offset, spec);
        offset += (long) in * out;
        segments.add(new Segment(l, Kind.WEIGHT, weightOffset[l], in, out));
      }
      biasOffset[l] = checkedOffset(offset, spec);
      offset += out;
      segments.add(new Segment(l, Kind.BIAS, biasOffset[l], 1, out));
      boolean hasBn = l < spec.hidden().size() && spec.hidden().get(l).batchNorm();
      if (hasBn) {
        int g = checkedOffset(offset, spec);
        offset += out;
        int be = checkedOffset(offset, spec);
        offset += out;
        segments.add(new Segment(l, Kind.BN_GAMMA, g, 1, out));
        segments.add(new Segment(l, Kind.BN_BETA, be, 1, out));
        bn.add(new BatchNorm(out, g, be, state, state + out));
        state += 2 * out;
      } else {
        bn.add(null);
      }
    }
    List<Dense> dense = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      Tie t = spec.tieOf(l);
      int owner = t == null ? l : t.uses();
      boolean transposed = t != null && t.mode() == Tie.Mode.TRANSPOSE;
      dense.add(
          new Dense(
              widths[l], widths[l + 1], weightOffset[owner], biasOffset[l], owner, transposed));
    }
    return new ParameterLayout(segments, dense, bn, checkedOffset(offset, spec), state);
  }

  /** Parameters as if every dense layer owned its matrix (the count without weight sharing). */
  public long untiedSize() {
    long n = size;
    for (int l = 0; l < dense.size(); l++) {
      Dense d = dense.get(l);
      if (d.tied(l)) {
        n += (long) d.in() * d.out();
      }
    }
    return n;
  }

  private static int checkedOffset(long offset, NetworkSpec spec) {
    if (offset > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(
          "network " + spec + " has more than 2^31 parameters; one flat float[] cannot hold it");
    }
    return (int) offset;
  }

  /** Total number of parameters (length of the parameter and gradient arrays). */
  public int size() {
    return size;
  }

  /** Length of the layer-state array (batch-norm running mean and variance). */
  public int stateSize() {
    return stateSize;
  }

  public List<Segment> segments() {
    return segments;
  }

  public int denseLayerCount() {
    return dense.size();
  }

  public Dense dense(int layer) {
    return dense.get(layer);
  }

  /** The batch-norm layer after dense layer {@code layer}, or null. */
  public BatchNorm batchNorm(int layer) {
    return batchNorm.get(layer);
  }

  /** Parameters of dense layer {@code layer} including its batch norm, for summaries. */
  public int layerParameterCount(int layer) {
    int n = 0;
    for (Segment s : segments) {
      if (s.layer() == layer) {
        n += s.length();
      }
    }
    return n;
  }

  /** The segment containing flat index {@code i}. */
  public Segment segmentOf(int i) {
    for (Segment s : segments) {
      if (i >= s.offset() && i < s.end()) {
        return s;
      }
    }
    throw new IndexOutOfBoundsException("index " + i + " outside the " + size + " parameters");
  }

  /** Throws with a clear message when an array cannot hold this layout. */
  public void checkParameters(float[] params, String what) {
    if (params == null || params.length != size) {
      throw new IllegalArgumentException(
          what
              + " has "
              + (params == null ? "no array" : params.length + " values")
              + " but the network has "
              + size
              + " parameters");
    }
  }

  /** Throws with a clear message when a state array cannot hold this layout. */
  public void checkState(float[] state) {
    if (stateSize > 0 && (state == null || state.length != stateSize)) {
      throw new IllegalArgumentException(
          "layer state has "
              + (state == null ? "no array" : state.length + " values")
              + " but the network's batch-norm layers need "
              + stateSize);
    }
  }
}
