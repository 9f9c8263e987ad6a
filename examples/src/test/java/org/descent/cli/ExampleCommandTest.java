package org.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code descent example} with the examples on the classpath: the CLI finds their catalog, loads
 * conf/examples/NAME.properties and writes to --out; usage errors are one line and exit 2. (What
 * each example demonstrates is tested in org.descent.examples; the command without this module, in
 * spark-job's ExampleCommandWithoutExamplesTest.)
 */
class ExampleCommandTest {
  @Test
  void withoutANameListsTheExamples() {
    CliRun r = CliRun.of("example", "--out", "x");
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("spiral, sine, two-layer-relu"), r.err());
  }

  @Test
  void anUnknownNameSuggestsTheNearest() {
    CliRun r = CliRun.of("example", "spirl");
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("did you mean 'spiral'"), r.err());
  }

  @Test
  void outsideTheDescentDirectorySaysWhereToRunFrom() {
    CliRun r = CliRun.of("example", "spiral");
    assertEquals(Main.EXIT_USAGE, r.exit());
    String message = r.err();
    assertTrue(message.contains("conf/examples/spiral.properties not found"), message);
    assertTrue(message.contains("run examples from the Descent directory"), message);
  }

  @Test
  void runsAnExampleWithItsConfFileAndWritesItsPicturesToOut(@TempDir Path dir) {
    // Tests run in examples/; the launcher runs from the Descent directory, here "..".
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExampleCommand.run(
        List.of("spiral", "--out", dir.toString(), "--set", "train.epochs=100"),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        Path.of(".."));
    String printed = out.toString(StandardCharsets.UTF_8);
    // model.layers=2,100,3 comes from conf/examples/spiral.properties (the default is empty).
    assertTrue(printed.contains("ReLU network (2,100,3): accuracy"), printed);
    assertTrue(Files.isRegularFile(dir.resolve("spiral-linear.png")), printed);
    assertTrue(Files.isRegularFile(dir.resolve("spiral-relu.png")), printed);
  }

  @Test
  void theCatalogIsTheExamplesModule() {
    assertEquals(List.of(org.descent.examples.Examples.names()), ExampleCommand.catalog().names());
  }
}
