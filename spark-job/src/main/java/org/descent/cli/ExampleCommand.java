package org.descent.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.apache.spark.sql.SparkSession;
import org.descent.ps.InvalidConfigException;

/**
 * {@code descent example NAME [--out DIR] [--conf FILE] [--set key=value]}: runs one of the
 * course's examples (the examples module's {@link ExampleCatalog}) in local mode with
 * conf/examples/NAME.properties under the user's --conf and --set, and writes its pictures to --out
 * (default out/NAME).
 */
final class ExampleCommand {
  private ExampleCommand() {}

  static void run(List<String> args, PrintStream out, Path home) {
    run(args, out, home, System.err);
  }

  /** Runs the example named first in {@code args}, with conf/examples/ under {@code home}. */
  static void run(List<String> args, PrintStream out, Path home, PrintStream notes) {
    ExampleCatalog examples = catalog();
    if (args.isEmpty() || args.get(0).startsWith("-")) {
      throw new UsageException(
          Command.EXAMPLE,
          "descent example needs a name: one of " + String.join(", ", examples.names()));
    }
    String name = args.get(0);
    List<String> rest = new ArrayList<>();
    Path conf = home.resolve(examples.confFile(name));
    if (examples.names().contains(name)) {
      if (!Files.isRegularFile(conf)) {
        throw new InvalidConfigException(
            "example",
            conf
                + " not found in "
                + home.toAbsolutePath().normalize()
                + "; run examples from the Descent directory (deploy/descent does)");
      }
      rest.add("--conf");
      rest.add(conf.toString());
    }
    rest.addAll(args.subList(1, args.size()));
    CliOptions options = CliOptions.parse(Command.EXAMPLE, rest, home, notes);
    Path dir = Path.of(options.out() != null ? options.out() : "out/" + name);
    SparkSession[] session = new SparkSession[1];
    try {
      examples.run(
          name,
          options.conf(),
          dir,
          out,
          () -> {
            if (session[0] == null) {
              session[0] = SparkSessions.open(options.master(), "descent example " + name);
            }
            return session[0];
          });
    } finally {
      if (session[0] != null) {
        session[0].stop();
      }
    }
  }

  /** The examples module's catalog; without it on the classpath, one line on how to get it. */
  static ExampleCatalog catalog() {
    return ServiceLoader.load(ExampleCatalog.class)
        .findFirst()
        .orElseThrow(
            () ->
                new InvalidConfigException(
                    "example",
                    "the course examples are not on the classpath (they are the examples"
                        + " module's jar, examples/target/examples-VERSION.jar, and run in local"
                        + " mode only); run deploy/descent example NAME, which builds and adds it"));
  }
}
