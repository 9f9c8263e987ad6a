package org.descent.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.descent.config.Configuration;
import org.descent.config.ModelConfig;
import org.descent.data.DataException;
import org.descent.io.InvalidCheckpointException;
import org.descent.nn.Names;
import org.descent.nn.NetworkSummary;
import org.descent.nn.model.InvalidModelException;
import org.descent.ps.InvalidConfigException;
import org.descent.ps.NonFiniteGradientException;
import org.descent.ps.config.ConfigKeys;
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

  /**
   * Runs a command; returns the process exit code. The Descent directory (conf/, data/) is the
   * system property {@code descent.home} (the launcher sets it), else the working directory.
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, Path.of(System.getProperty("descent.home", "")));
  }

  /**
   * As {@link #run(String[], PrintStream, PrintStream)} with the Descent directory {@code home}.
   */
  static int run(String[] args, PrintStream out, PrintStream err, Path home) {
    boolean verbose = false;
    List<String> rest = new ArrayList<>();
    for (String a : args) {
      if (a.equals("--verbose") || a.equals("-v")) {
        verbose = true;
      } else {
        rest.add(a);
      }
    }
    if (rest.isEmpty()) {
      out.print(Command.overview());
      return EXIT_USAGE;
    }
    String first = rest.get(0);
    if (first.equals("--version") || first.equals("version")) {
      out.print(Version.text());
      return EXIT_OK;
    }
    if (first.equals("help") || first.equals("--help") || first.equals("-h")) {
      Command about = rest.size() > 1 ? Command.named(rest.get(1)) : null;
      out.print(about == null ? Command.overview() : about.help());
      return EXIT_OK;
    }
    Command command = Command.named(first);
    if (command == null) {
      err.println(
          "descent: unknown command '"
              + first
              + "'"
              + Names.suggestion(first, Command.allNames().toArray(String[]::new))
              + "; run 'descent help'");
      return EXIT_USAGE;
    }
    List<String> options = rest.subList(1, rest.size());
    if (options.contains("--help") || options.contains("-h")) {
      out.print(command.help());
      return EXIT_OK;
    }
    CliOptions parsed = null;
    try {
      if (command != Command.EXAMPLE) {
        parsed = parse(command, options, home, err);
      }
      switch (command) {
        case EXAMPLE -> ExampleCommand.run(options, out, home, err);
        case SUMMARY ->
            out.print(NetworkSummary.of(ModelConfig.networkSpec(parsed.conf())).format());
        case CONFIG -> out.print(ConfigCommand.format(parsed.conf()));
        case TRAIN -> new TrainCommand(parsed, out).run();
        case LR_FIND -> new LrFindCommand(parsed, out).run();
        case EVALUATE -> new EvaluateCommand(parsed, out).run();
        case PREDICT -> new PredictCommand(parsed, out).run();
        case EXPORT -> new ExportCommand(parsed, out).run();
      }
      return EXIT_OK;
    } catch (UsageException e) {
      Command about = e.command() != null ? e.command() : command;
      err.println("descent: " + e.getMessage());
      err.println(about.usageLine());
      err.println("  ('descent " + about.commandName() + " --help' describes every option)");
      return EXIT_USAGE;
    } catch (Exception e) { // also Spark's SparkException, checked but thrown undeclared
      return handle(parsed == null ? e : withSource(e, parsed.conf()), verbose, err);
    }
  }

  private static CliOptions parse(
      Command command, List<String> options, Path home, PrintStream notes) {
    return CliOptions.parse(command, options, home, notes);
  }

  /**
   * A bad value of a registry key, with where that value was set appended: "(train.epochs from
   * --set)", "(… from conf/job.properties)" or "(… from the defaults)". Other exceptions, unknown
   * keys (whose message names the source already) and values set through the API are returned as
   * they are.
   */
  static Exception withSource(Exception e, Configuration conf) {
    if (!(e instanceof InvalidConfigException bad) || ConfigKeys.find(bad.key()) == null) {
      return e;
    }
    String source = conf.sourceOf(bad.key());
    if (source.equals("API")) {
      return e;
    }
    InvalidConfigException named =
        new InvalidConfigException(
            bad.key(),
            bad.getMessage()
                + " ("
                + bad.key()
                + " from "
                + (source.equals("defaults") ? "the defaults" : source)
                + ")");
    named.initCause(e);
    return named;
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
}
