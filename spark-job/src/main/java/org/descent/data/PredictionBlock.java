package org.descent.data;

import java.io.Serializable;
import org.descent.ps.train.DataBlock;

/**
 * A partition's rows for {@code descent predict}: the scaled features, and per row the input column
 * values that {@code --keep} passes through (null when none are kept), in the same order. A class,
 * not a record: Spark's Kryo cannot serialise records' fields.
 */
public final class PredictionBlock implements Serializable {
  private static final long serialVersionUID = 1L;

  private final DataBlock block;
  private final Object[][] kept;

  public PredictionBlock(DataBlock block, Object[][] kept) {
    this.block = block;
    this.kept = kept;
  }

  public DataBlock block() {
    return block;
  }

  /** Per row of {@link #block()}, the kept column values; null when none are kept. */
  public Object[][] kept() {
    return kept;
  }
}
