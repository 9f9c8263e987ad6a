package org.descent.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * A reader's records with its read failures turned into data: when opening or reading the input
 * throws a {@link DataException} (a truncated or damaged file) or an I/O error, the partition ends
 * with one {@link Example#unreadable} naming the file, instead of failing the Spark task — which
 * Spark would log as an executor error with a stack trace and retry. Other exceptions (bugs) still
 * fail the task.
 */
final class GuardedExamples implements Iterator<Example> {
  private final Supplier<Iterator<Example>> open;
  private final String source;
  private Iterator<Example> in;
  private Example failed;
  private boolean done;

  /**
   * @param open creates the reader's iterator (opening files may fail too, so it runs lazily here)
   * @param source the file or input, named when a failure does not name one
   */
  GuardedExamples(Supplier<Iterator<Example>> open, String source) {
    this.open = open;
    this.source = source;
  }

  @Override
  public boolean hasNext() {
    if (failed != null) {
      return true;
    }
    if (done) {
      return false;
    }
    try {
      if (in == null) {
        in = open.get();
      }
      if (in.hasNext()) {
        return true;
      }
      done = true;
      return false;
    } catch (RuntimeException e) {
      failed = Example.unreadable(source, message(e, source));
      done = true;
      return true;
    }
  }

  @Override
  public Example next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    if (failed != null) {
      Example f = failed;
      failed = null;
      return f;
    }
    try {
      return in.next();
    } catch (RuntimeException e) {
      done = true;
      return Example.unreadable(source, message(e, source));
    }
  }

  /** The one-line message for a read failure; rethrows what is not one. */
  static String message(RuntimeException e, String source) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof DataException d) {
        return d.getMessage();
      }
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof IOException || c instanceof UncheckedIOException) {
        String m = c.getMessage();
        return (m != null && m.contains(source) ? m : source + ": cannot read it (" + c + ")")
            + "; check that the file is complete and readable";
      }
    }
    throw e;
  }
}
