package org.descent.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * Collects what Spark and Hadoop log (WARN and above) while a command runs in-process, formatted as
 * the launcher's console shows it ({@code LEVEL Logger: message}, plus the stack trace's first
 * line), so a test can assert that no {@code ERROR Executor} or {@code WARN TaskSetManager} line
 * and no trace would have reached the user.
 */
public final class SparkLogCapture extends AbstractAppender implements AutoCloseable {
  private final List<String> lines = new ArrayList<>();

  private SparkLogCapture() {
    super("descent-test-capture", null, null, true, Property.EMPTY_ARRAY);
  }

  /** Starts capturing on the root logger. */
  public static SparkLogCapture open() {
    SparkLogCapture c = new SparkLogCapture();
    c.start0();
    return c;
  }

  private void start0() {
    start();
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    ctx.getConfiguration().getRootLogger().addAppender(this, Level.WARN, null);
    ctx.updateLoggers();
  }

  @Override
  public synchronized void append(LogEvent e) {
    String logger = e.getLoggerName();
    String simple = logger == null ? "" : logger.substring(logger.lastIndexOf('.') + 1);
    lines.add(e.getLevel() + " " + simple + ": " + e.getMessage().getFormattedMessage());
    if (e.getThrown() != null) {
      lines.add("\tat (a stack trace of " + e.getThrown() + ")");
    }
  }

  /** The captured lines, one per event (and one more per event with a stack trace). */
  public synchronized String text() {
    return String.join("\n", lines);
  }

  @Override
  public void close() {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    ctx.getConfiguration().getRootLogger().removeAppender(getName());
    ctx.updateLoggers();
    stop();
  }
}
