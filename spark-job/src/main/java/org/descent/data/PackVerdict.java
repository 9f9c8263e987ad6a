package org.descent.data;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * What packing found wrong, as data rather than a task failure: the first {@link #LIMIT} refused
 * records in file order, and the first file that could not be read at all. Each partition makes
 * one; the driver merges them and raises one clean error (Spark sees only successful tasks, so it
 * neither logs an executor error nor retries). Merging is commutative, so the result does not
 * depend on which task finishes first.
 */
final class PackVerdict implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How many refused records are kept (named in the message). */
  static final int LIMIT = 3;

  private BadRecord[] first = new BadRecord[0];
  private String unreadable;

  /** Keeps {@code r} if it is among the first {@link #LIMIT} in file order. */
  void add(BadRecord r) {
    if (first.length == LIMIT && r.compareTo(first[LIMIT - 1]) >= 0) {
      return;
    }
    BadRecord[] a = Arrays.copyOf(first, first.length + 1);
    a[first.length] = r;
    Arrays.sort(a);
    first = Arrays.copyOf(a, Math.min(LIMIT, a.length));
  }

  /** Would {@code source/position} be kept by {@link #add}? (Saves locating the others.) */
  boolean wouldKeep(String source, long position) {
    return first.length < LIMIT
        || new BadRecord(source, position, null, "").compareTo(first[LIMIT - 1]) < 0;
  }

  /** A file that could not be read: its one-line message (the first in order is kept). */
  void unreadable(String message) {
    if (unreadable == null || message.compareTo(unreadable) < 0) {
      unreadable = message;
    }
  }

  /** Merges {@code o} into this one; returns this. */
  PackVerdict merge(PackVerdict o) {
    for (BadRecord r : o.first) {
      add(r);
    }
    if (o.unreadable != null) {
      unreadable(o.unreadable);
    }
    return this;
  }

  /** The first refused records in file order (at most {@link #LIMIT}). */
  List<BadRecord> first() {
    return List.of(first);
  }

  /** The message of an unreadable file, or null. */
  String unreadable() {
    return unreadable;
  }

  /**
   * The driver's error for {@code data.onBadRecord=fail}: the first record's message, then how many
   * were refused in all (by reason) and where the next ones are.
   */
  BadRecordException error(SkippedRecords refused) {
    BadRecord r = first[0];
    StringBuilder m = new StringBuilder(r.message());
    if (refused.total() > 1) {
      List<String> more = Arrays.stream(first, 1, first.length).map(BadRecord::location).toList();
      m.append(" (")
          .append(refused.total())
          .append(" bad records in all: ")
          .append(refused.byReason());
      if (!more.isEmpty()) {
        m.append("; next at ").append(String.join(", ", more));
      }
      m.append(')');
    }
    return new BadRecordException(r.reason(), m.toString());
  }
}
