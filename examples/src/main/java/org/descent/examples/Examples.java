package org.descent.examples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.descent.config.Configuration;
import org.descent.nn.Names;
import org.descent.ps.InvalidConfigException;

/** The course's examples by name, and the entry point {@code descent example NAME} calls. */
public final class Examples {
  private static final Map<String, Function<ExampleRun, ExampleResult>> BY_NAME = byName();

  private Examples() {}

  private static Map<String, Function<ExampleRun, ExampleResult>> byName() {
    Map<String, Function<ExampleRun, ExampleResult>> m = new LinkedHashMap<>();
    m.put("spiral", SpiralExample::run);
    m.put("sine", SineExample::run);
    m.put("two-layer-relu", TwoLayerReluExample::run);
    m.put("linear-digits", LinearDigitsExample::run);
    m.put("optimizers", OptimizersExample::run);
    m.put("regularization", RegularizationExample::run);
    m.put("tied-autoencoder", TiedAutoencoderExample::run);
    return m;
  }

  /** The example names, in the order docs/examples.md presents them. */
  public static String[] names() {
    return BY_NAME.keySet().toArray(String[]::new);
  }

  /** The example's configuration file, relative to the Descent directory. */
  public static Path confFile(String name) {
    return Path.of("conf", "examples", name + ".properties");
  }

  /**
   * Runs example {@code name} with {@code conf}, writing its pictures under {@code out}; prints
   * what it measured to {@code log}. Returns the measured numbers (name → value).
   *
   * @throws InvalidConfigException for an unknown name (with the nearest one)
   */
  public static Map<String, Double> run(
      String name, Configuration conf, Path out, PrintStream log, Supplier<SparkSession> spark) {
    ExampleResult result = runExample(name, new ExampleRun(conf, out, log, spark));
    return result.numbers();
  }

  static ExampleResult runExample(String name, ExampleRun run) {
    Function<ExampleRun, ExampleResult> example = BY_NAME.get(name);
    if (example == null) {
      throw new InvalidConfigException(
          "example",
          "unknown example '"
              + name
              + "'"
              + Names.suggestion(name, names())
              + "; the examples are "
              + String.join(", ", names()));
    }
    ExampleResult result = example.apply(run);
    for (Path p : result.pictures()) {
      run.log().println("wrote " + p);
    }
    return result;
  }

  /** Formats a measured number for the log: 4 significant digits. */
  static String format(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
