package org.descent.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** key=value arguments of the benchmark main classes. */
public final class BenchArgs {
  private BenchArgs() {}

  public static Map<String, String> parse(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "benchmark argument '" + arg + "' is not key=value; e.g. partitions=2,8");
      }
      out.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    return out;
  }

  /** "1000,1e5" → {1000, 100000}. */
  public static long[] longs(String list) {
    return Arrays.stream(list.split(","))
        .map(String::trim)
        .mapToLong(s -> (long) Double.parseDouble(s))
        .toArray();
  }
}
