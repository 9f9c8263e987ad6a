package org.descent.io;

/** A checkpoint file that is truncated, altered, foreign or from a newer Descent. */
public final class InvalidCheckpointException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidCheckpointException(String message) {
    super(message);
  }
}
