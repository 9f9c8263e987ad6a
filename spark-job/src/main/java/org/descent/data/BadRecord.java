package org.descent.data;

import java.io.Serializable;

/**
 * One refused record as packing reports it to the driver: where it is (file and position, to pick
 * the first ones in file order whatever the partitioning), why, and the one-line message naming the
 * file and line (or row). Kryo ships it with Java serialisation ({@link DataKryoClasses}): Kryo 4's
 * field serialiser cannot set a record's fields, and a partition reports at most {@link
 * PackVerdict#LIMIT} of them.
 *
 * @param message e.g. {@code file:/d/iris.csv:7: column 'x' is 'abc', not a number; fix or remove
 *     …}
 */
record BadRecord(String source, long position, BadRecordReason reason, String message)
    implements Serializable, Comparable<BadRecord> {
  private static final long serialVersionUID = 1L;

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
