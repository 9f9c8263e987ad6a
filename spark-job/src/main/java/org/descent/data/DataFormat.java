package org.descent.data;

import java.util.Locale;

/** The input formats of {@code data.format} (its choices, in this order: DataSettingsTest). */
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
}
