package org.descent.data;

import java.util.Arrays;
import java.util.Locale;

/** The input formats of {@code data.format}. */
public enum DataFormat {
  /** Text with a header row; the label column by name, features all others or a listed subset. */
  CSV,
  /** Sparse text: {@code label index:value ...}, indices from 1. */
  LIBSVM,
  /** A features column (ML Vector or array of float/double) or listed numeric columns, + label. */
  PARQUET,
  /** MNIST's pair of {@code *-images-idx3-ubyte[.gz]} and {@code *-labels-idx1-ubyte[.gz]}. */
  IDX;

  /** The name used in configuration. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The config names of every format, for choices and messages. */
  public static String[] configNames() {
    return Arrays.stream(values()).map(DataFormat::configName).toArray(String[]::new);
  }
}
