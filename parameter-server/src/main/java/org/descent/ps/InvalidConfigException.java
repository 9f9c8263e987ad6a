package org.descent.ps;

/** A configuration key with an unknown name or an unusable value; the message names the key. */
public final class InvalidConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String key;

  public InvalidConfigException(String key, String message) {
    super(message);
    this.key = key;
  }

  /** The offending key, e.g. {@code optimizer.beta1}. */
  public String key() {
    return key;
  }
}
