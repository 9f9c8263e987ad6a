package org.descent.cli;

import org.descent.config.Configuration;
import org.descent.ps.config.ConfigKey;
import org.descent.ps.config.ConfigKeys;

/**
 * {@code descent config}: every key of the registry ({@link ConfigKeys}), by section in the order
 * of the defaults file, with its effective value and where that value came from.
 */
final class ConfigCommand {
  private ConfigCommand() {}

  static String format(Configuration conf) {
    int width = 0;
    for (ConfigKey<?> k : ConfigKeys.all()) {
      width = Math.max(width, k.name().length());
    }
    StringBuilder sb = new StringBuilder();
    for (ConfigKeys.Section section : ConfigKeys.SECTIONS) {
      sb.append(sb.length() == 0 ? "" : System.lineSeparator())
          .append("# ")
          .append(section.title())
          .append(System.lineSeparator());
      for (ConfigKey<?> k : section.keys()) {
        sb.append(
            String.format(
                "%-" + width + "s = %-24s (%s)%n", k.name(), conf.get(k), conf.sourceOf(k.name())));
      }
    }
    return sb.toString();
  }
}
