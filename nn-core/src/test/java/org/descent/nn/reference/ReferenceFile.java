package org.descent.nn.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * One reference fixture (format: {@code src/test/resources/reference/FORMAT.md}): a JSON document
 * with a {@code kind} header. Arrays are {@code {"shape": [...], "data": nested lists}} in
 * row-major order; this class flattens them.
 */
public final class ReferenceFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path path;
  private final JsonNode root;

  private ReferenceFile(Path path, JsonNode root) {
    this.path = path;
    this.root = root;
  }

  public static ReferenceFile read(Path path) {
    try {
      JsonNode root = JSON.readTree(path.toFile());
      if (root == null || !root.has("kind")) {
        throw new IllegalArgumentException(path + ": not a reference fixture (no \"kind\" field)");
      }
      return new ReferenceFile(path, root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read reference fixture " + path, e);
    }
  }

  public Path path() {
    return path;
  }

  public String name() {
    return path.getFileName().toString();
  }

  public String kind() {
    return root.get("kind").asText();
  }

  public JsonNode root() {
    return root;
  }

  /** The shape of an array node. */
  public static int[] shape(JsonNode array) {
    JsonNode s = array.get("shape");
    int[] shape = new int[s.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = s.get(i).asInt();
    }
    return shape;
  }

  /**
   * An array node flattened in row-major order, checked against its shape; a plain JSON list of
   * numbers (as {@code train_run}'s {@code losses}) is taken as it is.
   */
  public static double[] flat(JsonNode array) {
    if (array.isArray()) {
      double[] out = new double[array.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = array.get(i).asDouble();
      }
      return out;
    }
    int[] shape = shape(array);
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    double[] out = new double[n];
    int filled = fill(array.get("data"), out, 0);
    if (filled != n) {
      throw new IllegalStateException("array data has " + filled + " values, shape says " + n);
    }
    return out;
  }

  /** {@link #flat} converted to float32. */
  public static float[] flatFloat(JsonNode array) {
    double[] d = flat(array);
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  private static int fill(JsonNode node, double[] out, int pos) {
    if (node.isArray()) {
      for (JsonNode child : node) {
        pos = fill(child, out, pos);
      }
      return pos;
    }
    out[pos] = node.asDouble();
    return pos + 1;
  }

  /** Integer widths such as {@code [5, 7, 6, 3]}. */
  public static int[] ints(JsonNode list) {
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i).asInt();
    }
    return out;
  }
}
