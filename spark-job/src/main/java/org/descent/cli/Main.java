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

/** Entry point of the {@code descent} launcher. */
public final class Main {
  /** Exit code for bad configuration or input; 1 is left for unexpected failures. */
  public static final int EXIT_USAGE = 2;

  /** Exit code when training diverged (non-finite loss or gradient); checkpoints before it stay. */
  public static final int EXIT_DIVERGED = 3;

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
    } catch (InvalidConfigException
        | DataException
        | InvalidModelException
        | InvalidCheckpointException e) {
      err.println("descent: " + e.getMessage());
      if (verbose) {
        e.printStackTrace(err);
      }
      return EXIT_USAGE;
    } catch (NonFiniteLossException | NonFiniteGradientException e) {
      err.println("descent: training stopped: " + e.getMessage());
      if (verbose) {
        e.printStackTrace(err);
      }
      return EXIT_DIVERGED;
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
                 train --resume continues from the newest checkpoint (docs/checkpoints.md)

        Every key, its default and meaning: conf/descent-defaults.properties
        Example: descent train --conf conf/digits.properties --set optimizer.lr=0.01
        """;
  }
}
