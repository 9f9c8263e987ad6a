package org.descent.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders docs/configuration.md from descent-defaults.properties: each {@code # --- name ---} line
 * starts a section, the comment lines above a key are its meaning. A test compares the rendering
 * with the checked-in page so the two cannot drift; regenerate with {@code java -cp …
 * org.descent.config.ConfigurationReference docs/configuration.md}.
 */
public final class ConfigurationReference {
  private ConfigurationReference() {}

  public static void main(String[] args) throws IOException {
    Files.writeString(Path.of(args[0]), render(), StandardCharsets.UTF_8);
  }

  /** One key of the defaults file: its section, name, default value and meaning. */
  public record Entry(String section, String key, String defaultValue, String meaning) {}

  /** The markdown page. */
  public static String render() {
    StringBuilder md = new StringBuilder();
    md.append("# Configuration reference\n\n")
        .append("Generated from `conf/descent-defaults.properties` (a test keeps the two equal).\n")
        .append("Precedence: defaults < `--conf FILE` (in order) < `--set key=value`. ")
        .append("An unknown key, a value of the wrong type or out of range is an error that ")
        .append("names the key and where it was set.\n");
    String section = null;
    for (Entry e : entries()) {
      if (!e.section().equals(section)) {
        section = e.section();
        md.append("\n## ").append(section).append("\n\n");
        md.append("| key | default | meaning |\n|---|---|---|\n");
      }
      String value = e.defaultValue();
      md.append("| `")
          .append(e.key())
          .append("` | ")
          .append(value.isEmpty() ? "*(none)*" : "`" + value + "`")
          .append(" | ")
          .append(e.meaning().replace("|", "\\|"))
          .append(" |\n");
    }
    return md.toString();
  }

  /** The entries of the defaults resource, read once (null until the first successful read). */
  private static volatile List<Entry> parsedEntries;

  /**
   * Every key in file order: each {@code # --- name ---} line starts a section, the comment lines
   * above a key are its meaning. Unmodifiable; the resource is read once per JVM.
   */
  public static List<Entry> entries() {
    List<Entry> entries = parsedEntries;
    if (entries == null) {
      entries = List.copyOf(readEntries());
      parsedEntries = entries;
    }
    return entries;
  }

  private static List<Entry> readEntries() {
    List<Entry> entries = new ArrayList<>();
    StringBuilder meaning = new StringBuilder();
    try (InputStream raw =
            ConfigurationReference.class.getResourceAsStream(Configuration.DEFAULTS_RESOURCE);
        BufferedReader in =
            new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8))) {
      String line;
      String section = null;
      while ((line = in.readLine()) != null) {
        String t = line.trim();
        if (t.startsWith("# ---")) {
          section = t.replaceAll("^#\\s*-+\\s*", "").replaceAll("\\s*-+$", "");
          meaning.setLength(0);
        } else if (t.startsWith("#")) {
          if (section != null) {
            meaning.append(meaning.length() > 0 ? " " : "").append(t.substring(1).trim());
          }
        } else if (t.contains("=") && section != null) {
          int eq = t.indexOf('=');
          entries.add(
              new Entry(
                  section,
                  t.substring(0, eq).trim(),
                  t.substring(eq + 1).trim(),
                  meaning.toString()));
          meaning.setLength(0);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }
}
