package org.descent.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.descent.config.Configuration;
import org.descent.config.ModelConfig;
import org.descent.nn.NetworkSummary;
import org.descent.ps.InvalidConfigException;
import org.descent.ps.train.CsvDatasetReader.DataFormatException;

/** Entry point of the {@code descent} launcher. */
public final class Main {
  /** Exit code for bad configuration or input; 1 is left for unexpected failures. */
  public static final int EXIT_USAGE = 2;

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs a command; returns the process exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    boolean verbose = false;
    List<String> rest = new ArrayList<>();
    for (String a : args) {
      if (a.equals("--verbose") || a.equals("-v")) {
        verbose = true;
      } else {
        rest.add(a);
      }
    }
    if (rest.isEmpty() || rest.get(0).equals("help") || rest.get(0).equals("--help")) {
      out.print(usage());
      return rest.isEmpty() ? EXIT_USAGE : 0;
    }
    String command = rest.get(0);
    try {
      Configuration conf = parseOptions(rest.subList(1, rest.size()));
      switch (command) {
        case "summary" -> out.print(NetworkSummary.of(ModelConfig.networkSpec(conf)).format());
        case "train" -> new TrainCommand(conf, out).run();
        default -> {
          err.println(
              "descent: unknown command '"
                  + command
                  + "'"
                  + org.descent.nn.Names.suggestion(command, "train", "summary", "help")
                  + "; run 'descent help'");
          return EXIT_USAGE;
        }
      }
      return 0;
    } catch (InvalidConfigException | DataFormatException e) {
      err.println("descent: " + e.getMessage());
      if (verbose) {
        e.printStackTrace(err);
      }
      return EXIT_USAGE;
    } catch (RuntimeException e) {
      err.println(
          "descent: "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + (verbose ? "" : " (run with --verbose for the stack trace)"));
      if (verbose) {
        e.printStackTrace(err);
      }
      return 1;
    }
  }

  static Configuration parseOptions(List<String> args) {
    Configuration conf = Configuration.defaults();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--conf" -> conf.withFile(Path.of(value(args, ++i, a)));
        case "--set" -> conf.withSetting(value(args, ++i, a));
        default -> {
          if (a.startsWith("--conf=")) {
            conf.withFile(Path.of(a.substring("--conf=".length())));
          } else if (a.startsWith("--set=")) {
            conf.withSetting(a.substring("--set=".length()));
          } else {
            throw new InvalidConfigException(
                a, "unexpected argument '" + a + "'; options are --conf FILE and --set key=value");
          }
        }
      }
    }
    return conf;
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new InvalidConfigException(option, option + " needs a value");
    }
    return args.get(i);
  }

  static String usage() {
    return """
        usage: descent COMMAND [--conf FILE]... [--set key=value]... [--verbose]

        commands:
          train     train a network as configured and report test metrics
          summary   print the network's layers and parameter counts (needs model.layers)
          help      this text

        Every key, its default and meaning: conf/descent-defaults.properties
        Example: descent train --conf conf/digits.properties --set optimizer.lr=0.01
        """;
  }
}
