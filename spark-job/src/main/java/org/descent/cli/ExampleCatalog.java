package org.descent.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.descent.config.Configuration;

/**
 * The course's examples behind {@code descent example NAME}. They are demo programs, not the
 * product, so they live in the examples module, which depends on this one; {@link ExampleCommand}
 * finds them through {@link java.util.ServiceLoader} (the examples jar registers its catalog under
 * META-INF/services), and says how to get them when they are not on the classpath.
 */
public interface ExampleCatalog {
  /** The example names, in the order docs/examples.md presents them. */
  List<String> names();

  /** The example's configuration file, relative to the Descent directory. */
  Path confFile(String name);

  /**
   * Runs example {@code name} with {@code conf}, writing its pictures under {@code out}; prints
   * what it measured to {@code log}; opens Spark through {@code spark} only if it needs it. Returns
   * the measured numbers (name → value).
   */
  Map<String, Double> run(
      String name, Configuration conf, Path out, PrintStream log, Supplier<SparkSession> spark);
}
