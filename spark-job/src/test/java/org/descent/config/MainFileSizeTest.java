package org.descent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Files stay short (STYLE.md, issue 20): no main source file of the modules is over 400 lines
 * unless its top says why, with a comment line starting {@value #REASON}.
 */
class MainFileSizeTest {
  static final int LIMIT = 400;
  static final String REASON = "// Over 400 lines because";

  private static final List<String> MAIN_SOURCES =
      List.of(
          "nn-core/src/main/java",
          "parameter-server/src/main/java",
          "spark-job/src/main/java",
          "examples/src/main/java");

  @Test
  void noMainFileIsLongerThanTheLimitWithoutAReasonAtItsTop() throws IOException {
    List<String> tooLong = new ArrayList<>();
    for (String dir : MAIN_SOURCES) {
      try (Stream<Path> files = Files.walk(Path.of("..").resolve(dir))) {
        files
            .filter(f -> f.toString().endsWith(".java"))
            .forEach(
                f -> {
                  List<String> lines = read(f);
                  if (tooLong(lines)) {
                    tooLong.add(dir + "/" + Path.of("..").resolve(dir).relativize(f));
                  }
                });
      }
    }
    assertTrue(
        tooLong.isEmpty(),
        "main files over " + LIMIT + " lines with no '" + REASON + "' line at the top: " + tooLong);
  }

  @Test
  void aLongFileIsFlaggedUnlessItsTopSaysWhy() {
    List<String> plain = new ArrayList<>();
    for (int i = 0; i <= LIMIT; i++) {
      plain.add("int x" + i + ";");
    }
    List<String> reasoned = new ArrayList<>(plain);
    reasoned.add(0, REASON + " it holds the whole table.");
    assertEquals(
        List.of(true, false, false),
        List.of(tooLong(plain), tooLong(reasoned), tooLong(List.of("a"))));
  }

  /** Over the limit, and no reason among the first 20 lines. */
  private static boolean tooLong(List<String> lines) {
    return lines.size() > LIMIT
        && lines.stream().limit(20).noneMatch(l -> l.strip().startsWith(REASON));
  }

  private static List<String> read(Path f) {
    try {
      return Files.readAllLines(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
