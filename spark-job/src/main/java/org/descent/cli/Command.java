package org.descent.cli;

import static org.descent.cli.CliOption.CONF;
import static org.descent.cli.CliOption.DATA;
import static org.descent.cli.CliOption.FORCE;
import static org.descent.cli.CliOption.FORMAT;
import static org.descent.cli.CliOption.KEEP;
import static org.descent.cli.CliOption.KEEP_ALL;
import static org.descent.cli.CliOption.MASTER;
import static org.descent.cli.CliOption.MODEL;
import static org.descent.cli.CliOption.OUT;
import static org.descent.cli.CliOption.OUTPUT;
import static org.descent.cli.CliOption.OUTPUT_FORMAT;
import static org.descent.cli.CliOption.OVERWRITE;
import static org.descent.cli.CliOption.RESUME;
import static org.descent.cli.CliOption.SET;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The commands, declared once with the options each takes and whether, without {@code --conf}, it
 * starts from the bundled digits configuration. {@code descent help}, {@code descent COMMAND
 * --help} and the usage line of a usage error are generated from this table and {@link CliOption}.
 */
enum Command {
  TRAIN(
      "train",
      "",
      "train a network on Spark as configured and report its test metrics",
      """
      --out DIR writes model/, metrics.jsonl, summary.json and report.html (any Hadoop URI);
      checkpoints go to train.checkpointDir or DIR/checkpoints (docs/checkpoints.md).""",
      true,
      CONF,
      SET,
      MASTER,
      OUT,
      RESUME,
      FORCE,
      OVERWRITE),
  LR_FIND(
      "lr-find",
      "",
      "learning-rate range test (lrFind.*): prints a suggested optimizer.lr",
      "--out DIR writes lr-find.png and lr-find.csv (docs/report.md).",
      true,
      CONF,
      SET,
      MASTER,
      OUT),
  EVALUATE(
      "evaluate",
      "",
      "a saved model's metrics on labelled data",
      "The data is read with the data.* keys (format, label column...), like training data.",
      true,
      CONF,
      SET,
      MASTER,
      MODEL,
      DATA),
  PREDICT(
      "predict",
      "",
      "a saved model's predictions for every input row",
      """
      The data is read with the data.* keys; csv and parquet input may leave out the label.
      Output columns: the --keep columns, then prediction and probability_0.. (classifiers; a
      hinge head writes score_0..) or prediction, prediction_0.. (regression).""",
      true,
      CONF,
      SET,
      MASTER,
      MODEL,
      DATA,
      OUTPUT,
      OUTPUT_FORMAT,
      KEEP,
      KEEP_ALL),
  EXPORT(
      "export",
      "",
      "write a saved model as ONNX, to serve it outside Spark (docs/onnx.md)",
      "",
      false,
      MODEL,
      FORMAT,
      OUTPUT),
  SUMMARY(
      "summary",
      "",
      "the network's layers and parameter counts (model.layers)",
      "",
      true,
      CONF,
      SET),
  CONFIG(
      "config",
      "",
      "every key with its effective value and where it came from",
      "",
      true,
      CONF,
      SET),
  EXAMPLE(
      "example",
      "NAME",
      "run a course example (spiral, sine, two-layer-relu, linear-digits, optimizers,"
          + " regularization, tied-autoencoder) writing PNGs (docs/examples.md)",
      """
      The example's own conf/examples/NAME.properties applies first; --out defaults to
      out/NAME.""",
      false,
      CONF,
      SET,
      MASTER,
      OUT);

  /** The bundled configuration that commands marked so start from without --conf. */
  static final String BUNDLED_CONF = "conf/digits.properties";

  private final String name;
  private final String operands;
  private final String summary;
  private final String details;
  private final boolean bundledDefaults;
  private final List<CliOption> options;

  Command(
      String name,
      String operands,
      String summary,
      String details,
      boolean bundledDefaults,
      CliOption... options) {
    this.name = name;
    this.operands = operands;
    this.summary = summary;
    this.details = details.strip();
    this.bundledDefaults = bundledDefaults;
    this.options = List.of(options);
  }

  /** The command as typed, e.g. {@code lr-find}. */
  String commandName() {
    return name;
  }

  List<CliOption> options() {
    return options;
  }

  boolean takes(CliOption option) {
    return options.contains(option);
  }

  /**
   * True when, without {@code --conf} and without {@code --set data.train=...}, the command starts
   * from {@link #BUNDLED_CONF}.
   */
  boolean usesBundledDefaults() {
    return bundledDefaults;
  }

  static Command named(String name) {
    return Arrays.stream(values()).filter(v -> v.name.equals(name)).findFirst().orElse(null);
  }

  static String[] names() {
    return java.util.Arrays.stream(values()).map(c -> c.name).toArray(String[]::new);
  }

  /** {@code usage: descent train [--conf FILE]... [--master URL] ...}: one line. */
  String usageLine() {
    StringBuilder sb = new StringBuilder("usage: descent ").append(name);
    if (!operands.isEmpty()) {
      sb.append(' ').append(operands);
    }
    for (CliOption o : options) {
      sb.append(" [").append(o.synopsis()).append(']');
      if (o.repeatable()) {
        sb.append("...");
      }
    }
    return sb.append(" [-v] [-h]").toString();
  }

  /** {@code descent COMMAND --help}; the first line says what the command does. */
  String help() {
    StringBuilder sb = new StringBuilder();
    sb.append("descent ").append(name).append(": ").append(summary).append('\n');
    sb.append(usageLine()).append('\n');
    if (!details.isEmpty()) {
      sb.append('\n').append(details).append('\n');
    }
    sb.append("\noptions:\n");
    for (CliOption o : options) {
      sb.append(row(o.synopsis(), o.help()));
    }
    sb.append(row("-v, --verbose", "stack traces of failures"));
    sb.append(row("-h, --help", "this text"));
    if (bundledDefaults) {
      sb.append("\nWithout --conf (and no --set data.train=...): the bundled digits, ")
          .append(BUNDLED_CONF)
          .append(".\n");
    }
    sb.append(
        "Exit codes: 0 done, 1 failure, 2 usage or configuration, 3 diverged, 4 bad data,"
            + " 5 cluster refused (docs/troubleshooting.md).\n");
    return sb.toString();
  }

  private static String row(String left, String right) {
    return String.format(Locale.ROOT, "  %-22s %s%n", left, right);
  }

  /** {@code descent help}: every command with its summary. */
  static String overview() {
    StringBuilder sb = new StringBuilder();
    sb.append("usage: descent COMMAND [options]     descent COMMAND --help    descent --version\n");
    sb.append("\ncommands:\n");
    for (Command c : values()) {
      String lead =
          switch (c) {
            case EVALUATE -> "--model DIR [--data URI]: ";
            case PREDICT -> "--model DIR --output URI: ";
            case EXPORT -> "--model DIR --format onnx --output FILE: ";
            case EXAMPLE -> "NAME [--out DIR]: ";
            default -> "";
          };
      sb.append(String.format(Locale.ROOT, "  %-9s %s%s%n", c.name, lead, c.summary));
    }
    sb.append(String.format(Locale.ROOT, "  %-9s %s%n", "help", "this text"));
    sb.append(
        """

        Without --conf, train, lr-find, evaluate, predict, summary and config use the bundled
        digits (conf/digits.properties). --conf and --set may repeat and apply in order.
        Every key, its default and meaning: conf/descent-defaults.properties
        Example: descent train --conf conf/digits.properties --set optimizer.lr=0.01
        """);
    return sb.toString();
  }

  /** The commands whose names a typo may be near. */
  static Set<String> allNames() {
    java.util.Set<String> s = new java.util.LinkedHashSet<>(List.of(names()));
    s.add("help");
    return s;
  }
}
