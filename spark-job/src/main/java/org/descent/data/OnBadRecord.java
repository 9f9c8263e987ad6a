package org.descent.data;

/** What {@code data.onBadRecord} does with a record that fails validation. */
public enum OnBadRecord {
  /** Stop the job with a {@link BadRecordException} naming the file and line. */
  FAIL,
  /** Leave the record out and count it by {@link BadRecordReason}. */
  SKIP
}
