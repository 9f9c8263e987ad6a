package org.descent.examples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.descent.config.Configuration;

/**
 * What an example runs with: its configuration (the defaults, conf/examples/NAME.properties, then
 * the user's --conf and --set), the directory its pictures go to, where it prints, and a Spark
 * session opened on first use (only the examples that train on Spark ask for it).
 */
record ExampleRun(Configuration conf, Path out, PrintStream log, Supplier<SparkSession> spark) {

  /** A copy of the configuration with some keys changed (key, value, key, value, …). */
  Configuration confWith(String... keyValues) {
    Configuration copy = Configuration.defaults();
    for (Map.Entry<String, String> e : conf.asMap().entrySet()) {
      copy.with(e.getKey(), e.getValue());
    }
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      copy.with(keyValues[i], keyValues[i + 1]);
    }
    return copy;
  }
}
