package org.descent.data;

/**
 * A record that fails validation ({@code data.onBadRecord=fail}, the default). The one-line message
 * names the file and the line (text formats) or row (parquet, idx), what is wrong and how to fix
 * it.
 */
public final class BadRecordException extends DataException {
  private static final long serialVersionUID = 1L;

  private final BadRecordReason reason;

  public BadRecordException(BadRecordReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** Why the record was refused. */
  public BadRecordReason reason() {
    return reason;
  }

  @Override
  DataException copy() {
    return new BadRecordException(reason, getMessage());
  }
}
