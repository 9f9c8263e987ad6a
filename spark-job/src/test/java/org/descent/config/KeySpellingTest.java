package org.descent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.descent.ps.config.ConfigKey;
import org.descent.ps.config.ConfigKeys;
import org.junit.jupiter.api.Test;

/**
 * "A key spelled as a string in two places is two keys": every configuration key is spelled as a
 * string literal exactly once in main code, in its declaration in {@code org.descent.ps.config};
 * everything else names it by its {@link ConfigKey} constant. Comments do not count.
 */
class KeySpellingTest {
  /** Where the registry declares keys; the one place a key's literal belongs. */
  private static final String DECLARATIONS =
      "parameter-server/src/main/java/org/descent/ps/config/";

  private static final List<String> MAIN_SOURCES =
      List.of(
          "nn-core/src/main/java",
          "parameter-server/src/main/java",
          "spark-job/src/main/java",
          "examples/src/main/java");

  @Test
  void everyKeyIsSpelledOnceInMainCodeInItsDeclaration() {
    Map<String, List<String>> spellings = spellings(mainSources());
    List<String> problems = problems(spellings);
    assertTrue(
        problems.isEmpty(),
        "configuration keys spelled as string literals outside their declaration (use the"
            + " ConfigKey constant of org.descent.ps.config instead):\n"
            + String.join("\n", problems));
  }

  @Test
  void aSecondSpellingOfAKeyIsReported() {
    String declaration =
        "class ModelKeys { static final ConfigKey<String> LAYERS = text(\"model.layers\"); }";
    String user =
        "class User { /* \"model.layers\" in a comment */ String s = \"model.layers\"; // \"x\"\n}";
    Map<String, String> sources =
        Map.of(DECLARATIONS + "ModelKeys.java", declaration, "spark-job/src/main/User.java", user);
    List<String> problems = problems(spellings(sources));
    assertEquals(List.of("model.layers: spark-job/src/main/User.java"), problems);
  }

  @Test
  void literalsSkipCommentsCharactersAndEscapes() {
    String src =
        "// \"a\"\n/* \"b\" */ char q = '\"'; String s = \"c\\\"d\"; String t = \"\"\"\n  e\n  \"\"\";";
    assertEquals(List.of("c\"d", "e\n"), literals(src));
  }

  /** Key name → the files (outside the allow-list) that spell it, one entry per spelling. */
  private static Map<String, List<String>> spellings(Map<String, String> sources) {
    Map<String, List<String>> spellings = new TreeMap<>();
    sources.forEach(
        (file, text) -> {
          for (String literal : literals(text)) {
            if (ConfigKeys.find(literal) != null) {
              spellings.computeIfAbsent(literal, k -> new ArrayList<>()).add(file);
            }
          }
        });
    return spellings;
  }

  /** One line per key spelled other than once in its declaration. */
  private static List<String> problems(Map<String, List<String>> spellings) {
    List<String> problems = new ArrayList<>();
    spellings.forEach(
        (key, files) -> {
          List<String> elsewhere = files.stream().filter(f -> !f.startsWith(DECLARATIONS)).toList();
          if (!elsewhere.isEmpty()) {
            problems.add(key + ": " + String.join(", ", elsewhere));
          } else if (files.size() > 1) {
            problems.add(key + ": declared " + files.size() + " times");
          }
        });
    return problems;
  }

  /** Repository-relative path → text of every main Java source. */
  private static Map<String, String> mainSources() {
    Path root = Path.of("..");
    Map<String, String> sources = new TreeMap<>();
    for (String dir : MAIN_SOURCES) {
      try (Stream<Path> files = Files.walk(root.resolve(dir))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          String rel = root.relativize(f).toString().replace('\\', '/');
          sources.put(rel, Files.readString(f, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    assertTrue(sources.size() > 100, "found only " + sources.size() + " main sources");
    return sources;
  }

  /**
   * The string literals of a Java source (text blocks with their incidental indentation removed),
   * skipping comments and character literals. Escapes are decoded only for {@code \"} and {@code
   * \\}, enough to compare with key names.
   */
  static List<String> literals(String src) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = src.length();
    while (i < n) {
      char c = src.charAt(i);
      if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
        i = src.indexOf('\n', i);
        i = i < 0 ? n : i;
      } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
        int end = src.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c == '\'') {
        i++;
        while (i < n && src.charAt(i) != '\'') {
          i += src.charAt(i) == '\\' ? 2 : 1;
        }
        i++;
      } else if (src.startsWith("\"\"\"", i)) {
        int end = src.indexOf("\"\"\"", i + 3);
        end = end < 0 ? n : end;
        String body = src.substring(src.indexOf('\n', i) + 1, end);
        out.add(body.stripIndent());
        i = end + 3;
      } else if (c == '"') {
        StringBuilder s = new StringBuilder();
        i++;
        while (i < n && src.charAt(i) != '"') {
          char d = src.charAt(i);
          if (d == '\\' && i + 1 < n) {
            s.append(src.charAt(i + 1));
            i += 2;
          } else {
            s.append(d);
            i++;
          }
        }
        out.add(s.toString());
        i++;
      } else {
        i++;
      }
    }
    return out;
  }
}
