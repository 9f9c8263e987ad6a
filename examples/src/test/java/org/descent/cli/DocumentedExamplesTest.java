package org.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.descent.examples.Examples;
import org.junit.jupiter.api.Test;

/**
 * Every {@code deploy/descent example NAME} in README.md and docs/*.md names an example that
 * exists, and docs/examples.md shows every example. spark-job's DocsCommandsTest checks the rest of
 * each command (its options and files) but cannot see the names, which live in this module.
 */
class DocumentedExamplesTest {
  @Test
  void everyDocumentedExampleExistsAndEveryExampleIsDocumented() throws IOException {
    List<String> names = List.of(Examples.names());
    List<String> problems = new ArrayList<>();
    List<String> shown = new ArrayList<>();
    for (DocsCommandsTest.DocCommand c : DocsCommandsTest.commands()) {
      List<String> args = c.args();
      if (args.size() < 2
          || !args.get(0).equals("example")
          || args.get(1).startsWith("-")
          || args.get(1).equals("NAME")) { // the placeholder of descent example --help
        continue;
      }
      if (!names.contains(args.get(1))) {
        problems.add(c.where() + ": no such example in " + args);
      } else if (c.where().startsWith("docs/examples.md")) {
        shown.add(args.get(1));
      }
    }
    assertEquals(List.of(), problems, "documented examples that do not exist");
    assertTrue(shown.containsAll(names), "examples docs/examples.md never runs: " + names);
  }
}
