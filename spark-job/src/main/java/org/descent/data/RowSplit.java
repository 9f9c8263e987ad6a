package org.descent.data;

import java.io.Serializable;

/**
 * Assigns every record to train, validation or test by a hash of (seed, file name, position), so
 * the split depends only on the seed and the data, not on partitioning or read order. The test
 * share comes first (when held out of data.train), validation is a share of the rest.
 *
 * @param seed train.seed
 * @param testFraction share of records for the test set
 * @param validationFraction share of the non-test records for validation
 */
record RowSplit(long seed, double testFraction, double validationFraction) implements Serializable {
  private static final long serialVersionUID = 1L;

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
    double u = (hash(seed, source, position) >>> 11) * 0x1.0p-53;
    if (u < testFraction) {
      return TEST;
    }
    return (u - testFraction) < validationFraction * (1 - testFraction) ? VALIDATION : TRAIN;
  }

  /** A 64-bit hash of (seed, the file's last name component, position). */
  static long hash(long seed, String source, long position) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    h = mix(h ^ fileName(source).hashCode());
    return mix(h + position * 0x9E3779B97F4A7C15L);
  }

  /** The last path component: the same file read via hdfs:// or file:// hashes alike. */
  static String fileName(String source) {
    int slash = source.lastIndexOf('/');
    return slash < 0 ? source : source.substring(slash + 1);
  }

  /** MurmurHash3's 64-bit finaliser. */
  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
