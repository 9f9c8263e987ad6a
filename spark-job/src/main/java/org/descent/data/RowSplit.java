package org.descent.data;

import java.io.Serializable;

/**
 * Assigns every record to train, validation or test by a hash of (seed, file path, position), so
 * the split depends only on the seed and the data, not on partitioning or read order. The file's
 * whole path counts (not only its name), so {@code a/part-00000.csv} and {@code b/part-00000.csv},
 * the usual layout of partitioned Spark output, get different keys. The test share comes first
 * (when held out of data.train), validation is a share of the rest.
 *
 * @param seed train.seed
 * @param testFraction share of records for the test set
 * @param validationFraction share of the non-test records for validation
 */
record RowSplit(long seed, double testFraction, double validationFraction, String root)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  RowSplit(long seed, double testFraction, double validationFraction) {
    this(seed, testFraction, validationFraction, "");
  }

  /** The same split with keys relative to {@code root} ({@link #rootOf} of the input's files). */
  RowSplit under(String root) {
    return new RowSplit(seed, testFraction, validationFraction, root);
  }

  static final byte TRAIN = 0;
  static final byte VALIDATION = 1;
  static final byte TEST = 2;

  /** Every record in the test set (a separate data.test input). */
  static RowSplit allTest() {
    return new RowSplit(0, 1, 0);
  }

  byte roleOf(String source, long position) {
    if (testFraction >= 1) {
      return TEST;
    }
    double u = (hash(seed, keyOf(source, root), position) >>> 11) * 0x1.0p-53;
    if (u < testFraction) {
      return TEST;
    }
    return (u - testFraction) < validationFraction * (1 - testFraction) ? VALIDATION : TRAIN;
  }

  /** A 64-bit hash of (seed, the file's full path, position). */
  static long hash(long seed, String source, long position) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    h = mix(h ^ pathOf(source).hashCode());
    return mix(h + position * 0x9E3779B97F4A7C15L);
  }

  /**
   * The path of a file URI without its scheme and authority: {@code hdfs://nn:8020/d/a/x.csv},
   * {@code hdfs:///d/a/x.csv} and {@code file:/d/a/x.csv} all give {@code /d/a/x.csv}, so the same
   * path hashes alike whatever the file system's address, while two files of one name in different
   * folders do not.
   */
  static String pathOf(String source) {
    int colon = source.indexOf(':');
    int slash = source.indexOf('/');
    if (colon <= 0 || (slash >= 0 && slash < colon)) {
      return source; // no scheme
    }
    String rest = source.substring(colon + 1);
    if (rest.startsWith("//")) {
      int path = rest.indexOf('/', 2);
      return path < 0 ? "/" : rest.substring(path);
    }
    return rest;
  }

  /**
   * A file's key: its path relative to {@code root}, the folder that holds all of an input's files.
   * Relative, so that moving or copying a dataset (another folder, another cluster) does not change
   * the split or the order; whole below the root, so that {@code a/part-00000.csv} and {@code
   * b/part-00000.csv} differ.
   */
  static String keyOf(String source, String root) {
    String p = pathOf(source);
    return !root.isEmpty() && p.startsWith(root + "/") ? p.substring(root.length() + 1) : p;
  }

  /** The deepest folder that holds every one of {@code files} (paths or URIs). */
  static String rootOf(java.util.List<String> files) {
    String root = null;
    for (String f : files) {
      String p = pathOf(f);
      String parent = p.lastIndexOf('/') > 0 ? p.substring(0, p.lastIndexOf('/')) : "";
      if (root == null) {
        root = parent;
      }
      while (!root.isEmpty() && !(parent.equals(root) || parent.startsWith(root + "/"))) {
        root = root.lastIndexOf('/') > 0 ? root.substring(0, root.lastIndexOf('/')) : "";
      }
    }
    return root == null ? "" : root;
  }

  /** MurmurHash3's 64-bit finaliser. */
  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
