package org.descent.data;

import java.io.Serializable;

/**
 * One record as a reader produced it, before validation and packing: where it came from (file and
 * position), its features and targets, or the problem that made it unreadable. Positions are byte
 * offsets of the line for text formats (turned into line numbers only when an error is reported)
 * and row indices within the file for parquet and idx. The pair (file name, position) identifies
 * the record for the seeded split. LIBSVM records are sparse: their features are the stored
 * (column, value) pairs, never a dense row.
 */
public final class Example implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final long position;
  private final float[] features;
  private final int[] sparseColumns;
  private final float[] sparseValues;
  private final float[] targets;
  private final BadRecordReason problem;
  private final String detail;
  private Object[] kept;

  private Example(
      String source,
      long position,
      float[] features,
      int[] sparseColumns,
      float[] sparseValues,
      float[] targets,
      BadRecordReason problem,
      String detail) {
    this.source = source;
    this.position = position;
    this.features = features;
    this.sparseColumns = sparseColumns;
    this.sparseValues = sparseValues;
    this.targets = targets;
    this.problem = problem;
    this.detail = detail;
  }

  /**
   * This record with the values of the input columns that {@code descent predict --keep} passes
   * through (strings, numbers or booleans), in the order the reader's {@link Input} names them.
   */
  Example keeping(Object[] values) {
    this.kept = values;
    return this;
  }

  /** The passed-through column values, or null. */
  Object[] kept() {
    return kept;
  }

  /** A readable record; validation happens when packing. */
  public static Example of(String source, long position, float[] features, float[] targets) {
    return new Example(source, position, features, null, null, targets, null, null);
  }

  /**
   * A readable sparse record: the stored features' 0-based columns (ascending, checked by the
   * reader) and values; every other feature is 0.
   */
  public static Example sparse(
      String source, long position, int[] columns, float[] values, float[] targets) {
    return new Example(source, position, null, columns, values, targets, null, null);
  }

  /** A record the reader could not parse: {@code detail} says what is wrong, in a few words. */
  public static Example bad(String source, long position, BadRecordReason why, String detail) {
    return new Example(source, position, null, null, null, null, why, detail);
  }

  /**
   * Not a record: the input could not be read further ({@code message} names the file and what is
   * wrong). A reader ends its partition with it instead of failing the task, so the verdict reaches
   * the driver as data ({@link GuardedExamples}).
   */
  public static Example unreadable(String source, String message) {
    return new Example(source, -1, null, null, null, null, null, message);
  }

  /** Whether this stands for input that could not be read ({@link #detail} says why). */
  public boolean isUnreadable() {
    return position < 0;
  }

  /** The file (URI or path) holding the record. */
  public String source() {
    return source;
  }

  /** Byte offset of the line (text formats) or row index within the file (others). */
  public long position() {
    return position;
  }

  /** Whether the features are {@link #sparseColumns}/{@link #sparseValues}. */
  public boolean isSparse() {
    return sparseColumns != null;
  }

  /** Columns of the stored features of a sparse record, else null. */
  public int[] sparseColumns() {
    return sparseColumns;
  }

  /** Values of the stored features of a sparse record, else null. */
  public float[] sparseValues() {
    return sparseValues;
  }

  /** The dense features, or null when {@link #problem} is set or the record is sparse. */
  public float[] features() {
    return features;
  }

  /** The targets, or null when {@link #problem} is set. */
  public float[] targets() {
    return targets;
  }

  /** Why the reader could not parse the record, or null. */
  public BadRecordReason problem() {
    return problem;
  }

  public String detail() {
    return detail;
  }
}
