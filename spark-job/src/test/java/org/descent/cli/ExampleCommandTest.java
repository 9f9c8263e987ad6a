package org.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code descent example}: usage errors are one line and exit 2. (The examples themselves are
 * tested in org.descent.examples; tests run in spark-job/, where conf/examples/ is not.)
 */
class ExampleCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void withoutANameListsTheExamples() {
    assertEquals(Main.EXIT_USAGE, run("example", "--out", "x"));
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains("spiral, sine, two-layer-relu"),
        err::toString);
  }

  @Test
  void anUnknownNameSuggestsTheNearest() {
    assertEquals(Main.EXIT_USAGE, run("example", "spirl"));
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains("did you mean 'spiral'"), err::toString);
  }

  @Test
  void outsideTheDescentDirectorySaysWhereToRunFrom() {
    assertEquals(Main.EXIT_USAGE, run("example", "spiral"));
    String message = err.toString(StandardCharsets.UTF_8);
    assertTrue(message.contains("conf/examples/spiral.properties not found"), message);
    assertTrue(message.contains("run examples from the Descent directory"), message);
  }

  @Test
  void helpListsTheExampleCommand() {
    assertEquals(0, run("help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("example   NAME"), out::toString);
  }
}
