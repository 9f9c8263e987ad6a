package org.descent.nn.model;

/** A model file that cannot be used: the message says which file and why. */
public final class InvalidModelException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidModelException(String message) {
    super(message);
  }
}
