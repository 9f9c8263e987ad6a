package org.descent.config;

import java.util.ArrayList;
import java.util.List;
import org.descent.ps.config.ConfigKey;
import org.descent.ps.config.ConfigKeys;

/**
 * Renders the two user-facing views of the registry ({@link ConfigKeys}): docs/configuration.md and
 * conf/descent-defaults.properties (a user-readable copy of every key, its default and meaning,
 * also bundled in the jar). {@code ConfigurationTest} compares both renderings with the checked-in
 * files so neither can drift from the declarations, and rewrites them when run with {@code
 * -Ddescent.regenerate=true}. A tool of the build, hence in the test sources: nothing in the
 * product calls it.
 */
public final class ConfigurationReference {
  private ConfigurationReference() {}

  /** Width of a {@code # --- section ---} line of the defaults file. */
  private static final int SECTION_LINE_WIDTH = 91;

  /** One key of the registry: its section, name, default value and meaning. */
  public record Entry(String section, String key, String defaultValue, String meaning) {}

  /** The markdown page. */
  public static String render() {
    StringBuilder md = new StringBuilder();
    md.append("# Configuration reference\n\n")
        .append("Generated from the configuration registry (`org.descent.ps.config.ConfigKeys`,")
        .append(" each key declared once with its type, default, range and meaning);\n")
        .append("`conf/descent-defaults.properties` is generated from it too (tests keep both")
        .append(" equal).\n")
        .append("Precedence: defaults < `--conf FILE` (in order) < `--set key=value`. ")
        .append("An unknown key, a value of the wrong type or out of range is an error that ")
        .append("names the key and where it was set.\n");
    for (ConfigKeys.Section section : ConfigKeys.SECTIONS) {
      md.append("\n## ").append(section.title()).append("\n\n");
      md.append("| key | type | default | meaning |\n|---|---|---|---|\n");
      for (ConfigKey<?> k : section.keys()) {
        String value = k.defaultText();
        md.append("| `")
            .append(k.name())
            .append("` | ")
            .append(k.describe())
            .append(" | ")
            .append(value.isEmpty() ? "*(none)*" : "`" + value + "`")
            .append(" | ")
            .append(k.doc().replace("|", "\\|"))
            .append(" |\n");
      }
    }
    return md.toString();
  }

  /** conf/descent-defaults.properties: every key with its meaning above it, by section. */
  public static String renderDefaults() {
    StringBuilder p = new StringBuilder();
    p.append("# Descent configuration: every key, its default and what it means.\n")
        .append("# Precedence: these defaults < --conf FILE < --set key=value.")
        .append(" An unknown key is an error.\n")
        .append("# Generated from the registry (org.descent.ps.config.ConfigKeys), as is")
        .append(" docs/configuration.md;\n")
        .append("# ConfigurationTest checks they agree; -Ddescent.regenerate=true rewrites")
        .append(" both.\n");
    for (ConfigKeys.Section section : ConfigKeys.SECTIONS) {
      String head = "# --- " + section.title() + " ";
      p.append('\n').append(head).append("-".repeat(SECTION_LINE_WIDTH - head.length()));
      p.append('\n');
      for (ConfigKey<?> k : section.keys()) {
        p.append("# ").append(k.doc()).append('\n');
        p.append(k.name()).append('=').append(k.defaultText()).append('\n');
      }
    }
    return p.toString();
  }

  /** Every key in registry order with its section, default and meaning. */
  public static List<Entry> entries() {
    List<Entry> entries = new ArrayList<>();
    for (ConfigKeys.Section section : ConfigKeys.SECTIONS) {
      for (ConfigKey<?> k : section.keys()) {
        entries.add(new Entry(section.title(), k.name(), k.defaultText(), k.doc()));
      }
    }
    return List.copyOf(entries);
  }
}
