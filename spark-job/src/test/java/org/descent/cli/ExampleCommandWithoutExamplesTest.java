package org.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code descent example} where the examples module is not on the classpath (spark-job's own tests,
 * the cluster jar): help still describes the command, and running one fails with one line saying
 * what is missing and how to get it. (With the examples: the examples module's ExampleCommandTest.)
 */
class ExampleCommandWithoutExamplesTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void runningOneSaysInOneLineThatTheExamplesAreMissingAndHowToGetThem() {
    assertEquals(Main.EXIT_USAGE, run("example", "spiral", "--out", "x"));
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, message.lines().count(), message);
    assertTrue(
        message.startsWith("descent: the course examples are not on the classpath"), message);
    assertTrue(message.contains("deploy/descent"), message);
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void helpListsTheExampleCommand() {
    assertEquals(0, run("help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("example   NAME"), out::toString);
  }

  @Test
  void itsHelpNeedsNoExamples() {
    assertEquals(0, run("example", "--help"));
    assertTrue(
        out.toString(StandardCharsets.UTF_8).startsWith("descent example: run a course example"),
        out::toString);
  }
}
