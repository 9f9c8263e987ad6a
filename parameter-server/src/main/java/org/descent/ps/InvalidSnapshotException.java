package org.descent.ps;

/**
 * Snapshot bytes that cannot be restored: not a snapshot, another format version, truncated,
 * altered (checksum mismatch), or taken for a different network. Nothing is restored.
 */
public final class InvalidSnapshotException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidSnapshotException(String message) {
    super(message);
  }

  public InvalidSnapshotException(String message, Throwable cause) {
    super(message, cause);
  }
}
