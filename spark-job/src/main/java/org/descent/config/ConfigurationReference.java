package org.descent.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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

  /** The markdown page. */
  public static String render() {
    StringBuilder md = new StringBuilder();
    md.append("# Configuration reference\n\n")
        .append("Generated from `conf/descent-defaults.properties` (a test keeps the two equal).\n")
        .append("Precedence: defaults < `--conf FILE` (in order) < `--set key=value`. ")
        .append("An unknown key, a value of the wrong type or out of range is an error that ")
        .append("names the key and where it was set.\n");
    StringBuilder meaning = new StringBuilder();
    try (InputStream raw =
            ConfigurationReference.class.getResourceAsStream(Configuration.DEFAULTS_RESOURCE);
        BufferedReader in =
            new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8))) {
      String line;
      boolean preamble = true;
      while ((line = in.readLine()) != null) {
        String t = line.trim();
        if (t.startsWith("# ---")) {
          String section = t.replaceAll("^#\\s*-+\\s*", "").replaceAll("\\s*-+$", "");
          md.append("\n## ").append(section).append("\n\n");
          md.append("| key | default | meaning |\n|---|---|---|\n");
          meaning.setLength(0);
          preamble = false;
        } else if (t.startsWith("#")) {
          if (!preamble) {
            meaning.append(meaning.length() > 0 ? " " : "").append(t.substring(1).trim());
          }
        } else if (t.contains("=") && !preamble) {
          int eq = t.indexOf('=');
          String value = t.substring(eq + 1).trim();
          md.append("| `")
              .append(t.substring(0, eq).trim())
              .append("` | ")
              .append(value.isEmpty() ? "*(none)*" : "`" + value + "`")
              .append(" | ")
              .append(meaning.toString().replace("|", "\\|"))
              .append(" |\n");
          meaning.setLength(0);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return md.toString();
  }
}
