package org.descent.examples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.descent.cli.ExampleCatalog;
import org.descent.config.Configuration;

/**
 * {@link Examples} as the CLI sees them: registered in
 * META-INF/services/org.descent.cli.ExampleCatalog, so {@code descent example} finds them whenever
 * this module's jar is on the classpath, and spark-job needs no dependency on it.
 */
public final class CourseExampleCatalog implements ExampleCatalog {
  @Override
  public List<String> names() {
    return List.of(Examples.names());
  }

  @Override
  public Path confFile(String name) {
    return Examples.confFile(name);
  }

  @Override
  public Map<String, Double> run(
      String name, Configuration conf, Path out, PrintStream log, Supplier<SparkSession> spark) {
    return Examples.run(name, conf, out, log, spark);
  }
}
