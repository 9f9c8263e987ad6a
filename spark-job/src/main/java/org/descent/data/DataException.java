package org.descent.data;

/**
 * Input data that cannot be used: a missing path, an empty input, a damaged file, a header or
 * schema that does not fit the configuration. The message is one line: where, what is wrong and
 * what to do.
 */
public class DataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DataException(String message) {
    super(message);
  }

  public DataException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The same exception, freshly made on the driver (without the executor's wrapping), so callers
   * see one line.
   */
  DataException copy() {
    return new DataException(getMessage());
  }
}
