package org.descent.data;

import java.io.Serializable;

/**
 * One refused record as packing reports it to the driver: where it is (file and position, to pick
 * the first ones in file order whatever the partitioning), why, and the one-line message naming the
 * file and line (or row).
 */
final class BadRecord implements Serializable, Comparable<BadRecord> {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final long position;
  private final BadRecordReason reason;
  private final String message;

  BadRecord(String source, long position, BadRecordReason reason, String message) {
    this.source = source;
    this.position = position;
    this.reason = reason;
    this.message = message;
  }

  String source() {
    return source;
  }

  long position() {
    return position;
  }

  BadRecordReason reason() {
    return reason;
  }

  /** E.g. {@code file:/d/iris.csv:7: column 'x' is 'abc', not a number; fix or remove …}. */
  String message() {
    return message;
  }

  /** {@code file:line} or {@code file, row n}: the message up to its first ": ". */
  String location() {
    int colon = message.indexOf(": ", source.length());
    return colon < 0 ? source : message.substring(0, colon);
  }

  /** File order: by file, then position. */
  @Override
  public int compareTo(BadRecord o) {
    int c = source.compareTo(o.source);
    return c != 0 ? c : Long.compare(position, o.position);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BadRecord b && compareTo(b) == 0;
  }

  @Override
  public int hashCode() {
    return source.hashCode() * 31 + Long.hashCode(position);
  }
}
