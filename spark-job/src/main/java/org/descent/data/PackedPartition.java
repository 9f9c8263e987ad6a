package org.descent.data;

import java.io.Serializable;
import java.util.stream.IntStream;
import org.descent.ps.train.DataBlock;

/**
 * A partition's valid rows packed once, each tagged with its role in the split (train, validation,
 * test), plus the partition's counts: rows per role, then skipped records per {@link
 * BadRecordReason}, then the stored feature entries ({@link BlockScaling#storedEntries}, for the
 * density). The train/validation/test blocks are selected from it; it is unpersisted once they are
 * cached. Its {@link PackVerdict} carries what was refused to the driver.
 */
final class PackedPartition implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Offset of the skipped-record counts in {@link #counts}. */
  static final int SKIPPED = 3;

  /** Offset of the count of stored feature entries in {@link #counts}. */
  static final int NON_ZEROS = SKIPPED + BadRecordReason.values().length;

  /** Length of {@link #counts}. */
  static final int COUNTS = NON_ZEROS + 1;

  private final DataBlock block;
  private final byte[] roles;
  private final long[] counts;
  private final PackVerdict verdict;
  private final Object[][] kept;

  /** With, per packed row, the column values {@code descent predict --keep} passes through. */
  PackedPartition(
      DataBlock block, byte[] roles, long[] counts, PackVerdict verdict, Object[][] kept) {
    this.block = block;
    this.roles = roles;
    this.counts = counts;
    this.verdict = verdict;
    this.kept = kept;
  }

  /** Per packed row, the passed-through column values; null when none are kept. */
  Object[][] kept() {
    return kept;
  }

  DataBlock block() {
    return block;
  }

  byte[] roles() {
    return roles;
  }

  /** The indices of the rows of {@code role}, ascending. */
  int[] rowsOf(byte role) {
    return IntStream.range(0, roles.length).filter(r -> roles[r] == role).toArray();
  }

  long[] counts() {
    return counts;
  }

  /** The refused records and unreadable input of this partition. */
  PackVerdict verdict() {
    return verdict;
  }
}
