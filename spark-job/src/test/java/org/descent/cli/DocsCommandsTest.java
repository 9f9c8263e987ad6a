package org.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A copy-paste from the docs works on a fresh clone: every {@code deploy/descent ...} command in
 * README.md and docs/*.md (shell blocks and inline code) names a command, options that command
 * takes, --conf files and bundled data that exist, and keys that exist; the cheap ones ({@code
 * summary}, {@code config}, {@code --help}, {@code --version}) are run. Every jar the docs name
 * under spark-job/target/ is one the build writes.
 */
class DocsCommandsTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern INLINE = Pattern.compile("`(deploy/descent[^`]*)`");

  /** A jar named by path under spark-job/target/, or bare as descent-…-cluster.jar. */
  private static final Pattern JAR =
      Pattern.compile(
          "(?:spark-job/target/([A-Za-z0-9.*_-]+\\.jar))|(?<![/\\w-])(descent-[A-Za-z0-9.*_-]+\\.jar)");

  /** One command as printed: where, and its words after {@code deploy/descent}. */
  record DocCommand(String where, List<String> args) {}

  static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  static List<DocCommand> commands() throws IOException {
    List<DocCommand> found = new ArrayList<>();
    for (Path page : pages()) {
      List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
      boolean shell = false;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        String where = ROOT.relativize(page) + ":" + (i + 1);
        if (line.strip().startsWith("```")) {
          shell = !shell && line.strip().matches("```(bash|sh|shell)");
          continue;
        }
        if (shell) {
          StringBuilder cmd = new StringBuilder(line);
          while (cmd.toString().endsWith("\\") && i + 1 < lines.size()) {
            cmd.setLength(cmd.length() - 1);
            cmd.append(' ').append(lines.get(++i).strip());
          }
          for (String part : cmd.toString().split("&&|;")) {
            String p = part.strip().replaceFirst("^\\$ ", "");
            if (p.startsWith("deploy/descent")) {
              found.add(new DocCommand(where, words(p)));
            }
          }
        } else {
          Matcher m = INLINE.matcher(line);
          while (m.find()) {
            found.add(new DocCommand(where, words(m.group(1))));
          }
        }
      }
    }
    return found;
  }

  /** Shell words after {@code deploy/descent}: blanks split, quotes group, a comment ends. */
  static List<String> words(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    char quote = 0;
    boolean any = false;
    for (char c : command.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          w.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        any = true;
      } else if (c == '#' && w.length() == 0) {
        break;
      } else if (Character.isWhitespace(c)) {
        if (w.length() > 0 || any) {
          words.add(w.toString());
        }
        w.setLength(0);
        any = false;
      } else {
        w.append(c);
      }
    }
    if (w.length() > 0 || any) {
      words.add(w.toString());
    }
    return words.subList(1, words.size());
  }

  /** What the docs print relative to the Descent directory, as seen from spark-job/. */
  private static List<String> fromSparkJob(List<String> args) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (i > 0 && args.get(i - 1).equals("--conf") && !Path.of(a).isAbsolute()) {
        a = ROOT.resolve(a).toString();
      }
      out.add(a);
    }
    return out;
  }

  private static CliRun run(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            ROOT);
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theDocsShowDescentCommands() throws IOException {
    List<DocCommand> all = commands();
    assertTrue(all.size() > 20, "found only " + all.size() + ": " + all);
    System.out.println("DocsCommandsTest: " + all.size() + " deploy/descent commands in the docs");
    assertTrue(
        all.stream()
            .anyMatch(c -> c.where().startsWith("README.md") && c.args().equals(List.of("train"))),
        "README's first command");
  }

  @Test
  void everyDocumentedCommandParsesAndItsFilesExist() throws IOException {
    List<String> problems = new ArrayList<>();
    for (DocCommand c : commands()) {
      // "..." and "…" stand for "your other options"
      List<String> args =
          fromSparkJob(c.args()).stream().filter(a -> !a.equals("...") && !a.equals("…")).toList();
      if (args.isEmpty()) {
        continue; // "deploy/descent" named in prose
      }
      String first = args.get(0);
      if (List.of("help", "--help", "-h", "--version", "version").contains(first)
          || args.contains("--help")
          || args.contains("-h")) {
        CliRun r = run(args);
        if (r.exit() != 0) {
          problems.add(c.where() + ": " + c.args() + " exits " + r.exit() + ": " + r.err());
        }
        continue;
      }
      Command command = Command.named(first);
      if (command == null) {
        problems.add(c.where() + ": no command '" + first + "' in " + c.args());
        continue;
      }
      List<String> options = new ArrayList<>(args.subList(1, args.size()));
      if (command == Command.EXAMPLE) {
        // The names themselves are the examples module's (its DocumentedExamplesTest).
        if (options.isEmpty() || options.get(0).startsWith("-")) {
          problems.add(c.where() + ": no example named in " + c.args());
          continue;
        }
        options.remove(0);
      }
      for (int i = 0; i + 1 < options.size(); i++) {
        String value = options.get(i + 1);
        boolean bundled = value.startsWith("data/") || value.startsWith("conf/");
        if ((options.get(i).equals("--data") || options.get(i).equals("--conf") || bundled)
            && bundled
            && !Files.exists(ROOT.resolve(value))) {
          problems.add(c.where() + ": " + value + " does not exist (" + c.args() + ")");
        }
      }
      try {
        CliOptions.parse(
            command, options, ROOT, new PrintStream(new ByteArrayOutputStream(), true));
      } catch (RuntimeException e) {
        problems.add(c.where() + ": " + c.args() + ": " + e.getMessage());
        continue;
      }
      if (command == Command.SUMMARY || command == Command.CONFIG) {
        CliRun r = run(args);
        if (r.exit() != 0) {
          problems.add(c.where() + ": " + c.args() + " exits " + r.exit() + ": " + r.err());
        }
      }
    }
    assertEquals(List.of(), problems, "documented commands that do not work as printed");
  }

  @Test
  void everyJarTheDocsNameIsOneTheBuildWrites() throws IOException {
    String pom = Files.readString(ROOT.resolve("spark-job/pom.xml"));
    Matcher v = Pattern.compile("<version>([^<]+)</version>").matcher(pom);
    assertTrue(v.find());
    String version = v.group(1);
    List<String> built =
        List.of("spark-job-" + version + ".jar", "descent-" + version + "-cluster.jar");
    List<String> problems = new ArrayList<>();
    for (Path page : pages()) {
      Matcher m = JAR.matcher(Files.readString(page, StandardCharsets.UTF_8));
      while (m.find()) {
        String name = m.group(1) != null ? m.group(1) : m.group(2);
        String pattern = name.replace(".", "\\.").replace("*", ".*").replace("VERSION", ".*");
        if (built.stream().noneMatch(b -> b.matches(pattern))) {
          problems.add(ROOT.relativize(page) + ": " + name);
        }
      }
    }
    assertEquals(List.of(), problems, "jar names the build (" + built + ") does not write");
  }
}
