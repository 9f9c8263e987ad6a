package org.descent.cli;

import java.util.Map;
import org.descent.config.Configuration;

/** {@code descent config}: every key, its effective value, and where that value came from. */
final class ConfigCommand {
  private ConfigCommand() {}

  static String format(Configuration conf) {
    int width = 0;
    for (String k : conf.asMap().keySet()) {
      width = Math.max(width, k.length());
    }
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : conf.asMap().entrySet()) {
      sb.append(
          String.format(
              "%-" + width + "s = %-24s (%s)%n",
              e.getKey(),
              e.getValue(),
              conf.sourceOf(e.getKey())));
    }
    return sb.toString();
  }
}
