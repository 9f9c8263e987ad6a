package org.descent.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.descent.config.ModelConfig;
import org.descent.data.DataException;
import org.descent.io.InvalidCheckpointException;
import org.descent.nn.NetworkSummary;
import org.descent.nn.model.InvalidModelException;
import org.descent.ps.InvalidConfigException;
import org.descent.ps.NonFiniteGradientException;
import org.descent.spark.NonFiniteLossException;

/**
 * Entry point of the {@code descent} launcher. Exit codes (docs/troubleshooting.md): {@value
 * #EXIT_OK} done, {@value #EXIT_FAILURE} unexpected failure, {@value #EXIT_USAGE} bad usage or
 * configuration or an unusable model or checkpoint, {@value #EXIT_DIVERGED} diverged, {@value
 * #EXIT_BAD_DATA} bad input data, {@value #EXIT_CLUSTER} the cluster refused the driver.
 */
public final class Main {
  /** Exit code of a command that did what it was asked. */
  public static final int EXIT_OK = 0;

  /** Exit code of an unexpected failure (a bug, a lost cluster, an I/O error). */
  public static final int EXIT_FAILURE = 1;

  /**
   * Exit code for bad usage or configuration, an unusable model or checkpoint, or a refused {@code
   * --resume} or {@code --out}.
   */
  public static final int EXIT_USAGE = 2;

  /** Exit code when training diverged (non-finite loss or gradient); checkpoints before it stay. */
  public static final int EXIT_DIVERGED = 3;

  /** Exit code for input data that cannot be used: bad records, missing or damaged files. */
  public static final int EXIT_BAD_DATA = 4;

  /** Exit code when the cluster refused the driver (authentication) or never answered. */
  public static final int EXIT_CLUSTER = 5;

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (System.getProperty(YARN_CLUSTER_APP_ID) != null) {
      // YARN cluster mode: the ApplicationMaster runs this method in a thread and reports the
      // application's final status when it returns. System.exit would run the AM's shutdown hook
      // first, and YARN would record even a successful training as FAILED ("Shutdown hook called
      // before final status was reported"). An exception is reported as the failure, with its
      // message in the application's diagnostics.
      if (code != 0) {
        throw new IllegalStateException("descent exited with code " + code + " (see its log)");
      }
      return;
    }
    System.exit(code);
  }

  /** Set by Spark's YARN ApplicationMaster in cluster mode only, for the driver it runs. */
  private static final String YARN_CLUSTER_APP_ID = "spark.yarn.app.id";

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
      if (command.equals("example")) {
        ExampleCommand.run(rest.subList(1, rest.size()), out);
        return 0;
      }
      CliOptions options = CliOptions.parse(rest.subList(1, rest.size()));
      switch (command) {
        case "summary" ->
            out.print(NetworkSummary.of(ModelConfig.networkSpec(options.conf())).format());
        case "train" -> new TrainCommand(options, out).run();
        case "lr-find" -> new LrFindCommand(options, out).run();
        case "evaluate" -> new EvaluateCommand(options, out).run();
        case "predict" -> new PredictCommand(options, out).run();
        case "export" -> new ExportCommand(options, out).run();
        case "config" -> out.print(ConfigCommand.format(options.conf()));
        default -> {
          err.println(
              "descent: unknown command '"
                  + command
                  + "'"
                  + org.descent.nn.Names.suggestion(
                      command,
                      "train",
                      "lr-find",
                      "evaluate",
                      "predict",
                      "export",
                      "summary",
                      "config",
                      "example",
                      "help")
                  + "; run 'descent help'");
          return EXIT_USAGE;
        }
      }
      return 0;
    } catch (Exception e) { // also Spark's SparkException, checked but thrown undeclared
      return handle(e, verbose, err);
    }
  }

  /**
   * Prints a failure as one line on {@code err} (the stack trace too when {@code verbose}) and
   * returns its exit code.
   */
  static int handle(Exception e, boolean verbose, PrintStream err) {
    int code;
    String line;
    if (e instanceof DataException) {
      code = EXIT_BAD_DATA;
      line = e.getMessage();
    } else if (e instanceof InvalidConfigException
        || e instanceof InvalidModelException
        || e instanceof InvalidCheckpointException) {
      code = EXIT_USAGE;
      line = e.getMessage();
    } else if (e instanceof NonFiniteLossException || e instanceof NonFiniteGradientException) {
      code = EXIT_DIVERGED;
      line = "training stopped: " + e.getMessage();
    } else if (ClusterRefusal.message(e) != null) {
      code = EXIT_CLUSTER;
      line = ClusterRefusal.message(e);
    } else {
      code = EXIT_FAILURE;
      line =
          e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + (verbose ? "" : " (run with --verbose for the stack trace)");
    }
    err.println("descent: " + line);
    if (verbose) {
      e.printStackTrace(err);
    }
    return code;
  }

  static String usage() {
    return """
        usage: descent COMMAND [--conf FILE]... [--set key=value]... [options] [--verbose]

        commands:
          train     train on Spark as configured; report test metrics; --out DIR writes
                    model/, metrics.jsonl, summary.json and report.html (any Hadoop URI)
          lr-find   learning-rate range test (lrFind.*): prints a suggested optimizer.lr;
                    --out DIR writes lr-find.png and lr-find.csv (docs/report.md)
          evaluate  --model DIR --data URI: a saved model's metrics on labelled data
          predict   --model DIR --data URI --output URI: predictions as CSV
          export    --model DIR --format onnx --output FILE: the model as ONNX, to serve
                    outside Spark (docs/onnx.md)
          summary   the network's layers and parameter counts (needs model.layers)
          config    every key with its effective value and where it came from
          example   NAME [--out DIR]: a course example (spiral, sine, two-layer-relu,
                    linear-digits, optimizers, regularization) writing PNGs (docs/examples.md)
          help      this text

        options: --master URL (default local[*]), --out DIR, --model DIR, --data URI,
                 --output URI, --format NAME; --conf and --set may repeat and apply in order;
                 train --resume continues from the newest checkpoint of the same run
                 (--force: although its settings differ); --overwrite starts a new run
                 where another run's checkpoints are, removing them (docs/checkpoints.md)

        Every key, its default and meaning: conf/descent-defaults.properties
        Example: descent train --conf conf/digits.properties --set optimizer.lr=0.01
        """;
  }
}
