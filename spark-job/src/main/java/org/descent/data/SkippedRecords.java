package org.descent.data;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/** Records skipped under {@code data.onBadRecord=skip}, counted by reason (each counted once). */
public final class SkippedRecords {
  private final Map<BadRecordReason, Long> counts;

  SkippedRecords(long[] byReasonOrdinal) {
    EnumMap<BadRecordReason, Long> m = new EnumMap<>(BadRecordReason.class);
    for (BadRecordReason r : BadRecordReason.values()) {
      if (byReasonOrdinal[r.ordinal()] > 0) {
        m.put(r, byReasonOrdinal[r.ordinal()]);
      }
    }
    this.counts = Collections.unmodifiableMap(m);
  }

  /** The reasons that occurred, with their counts. */
  public Map<BadRecordReason, Long> counts() {
    return counts;
  }

  public long count(BadRecordReason reason) {
    return counts.getOrDefault(reason, 0L);
  }

  public long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** E.g. {@code "2 non-finite feature, 1 label out of range"}. */
  public String byReason() {
    StringJoiner j = new StringJoiner(", ");
    counts.forEach((r, n) -> j.add(n + " " + r.description()));
    return j.toString();
  }

  /** E.g. {@code "3 records skipped: 2 non-finite feature, 1 label out of range"}. */
  @Override
  public String toString() {
    if (counts.isEmpty()) {
      return "no records skipped";
    }
    return total() + " records skipped: " + byReason();
  }
}
