package org.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@code descent example} where the examples module is not on the classpath (spark-job's own tests,
 * the cluster jar): help still describes the command, and running one fails with one line saying
 * what is missing and how to get it. (With the examples: the examples module's ExampleCommandTest.)
 */
class ExampleCommandWithoutExamplesTest {
  @Test
  void runningOneSaysInOneLineThatTheExamplesAreMissingAndHowToGetThem() {
    CliRun r = CliRun.of("example", "spiral", "--out", "x");
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(
        r.err().startsWith("descent: the course examples are not on the classpath"), r.err());
    assertTrue(r.err().contains("deploy/descent"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void helpListsTheExampleCommand() {
    CliRun r = CliRun.of("help");
    assertEquals(0, r.exit());
    assertTrue(r.out().contains("example   NAME"), r.out());
  }

  @Test
  void itsHelpNeedsNoExamples() {
    CliRun r = CliRun.of("example", "--help");
    assertEquals(0, r.exit());
    assertTrue(r.out().startsWith("descent example: run a course example"), r.out());
  }
}
