package org.descent.cli;

import java.util.Arrays;

/**
 * Every option of the command line, declared once: its name, the value it takes (null for a flag),
 * and one line of help. Which command takes which is declared in {@link Command}; parsing ({@link
 * CliOptions}), {@code --help} and usage errors all come from these two tables.
 */
enum CliOption {
  CONF(
      "--conf",
      "FILE",
      "a properties file over the defaults (conf/descent-defaults.properties); repeatable"),
  SET("--set", "KEY=VALUE", "one configuration key; repeatable; --conf and --set apply in order"),
  MASTER("--master", "URL", "Spark master (default local[*]; spark://, yarn, k8s:// submit)"),
  OUT("--out", "DIR", "directory (any Hadoop URI) for what the command writes"),
  MODEL("--model", "DIR", "a saved model directory (train --out DIR writes DIR/model)"),
  DATA("--data", "URI", "input read with the data.* keys (default: data.test, else data.train)"),
  OUTPUT("--output", "URI", "where to write the result"),
  FORMAT("--format", "NAME", "the export format: onnx"),
  OUTPUT_FORMAT("--output-format", "FORMAT", "csv (default), parquet or json"),
  KEEP("--keep", "COL,...", "input columns copied into each output row, e.g. an id"),
  KEEP_ALL("--keep-all", null, "copy every input column into the output"),
  RESUME("--resume", null, "continue from the newest checkpoint of the same run"),
  FORCE("--force", null, "with --resume: continue although the run's settings differ"),
  OVERWRITE(
      "--overwrite", null, "start a new run where another run's checkpoints are, removing them");

  private final String flag;
  private final String value;
  private final String help;

  CliOption(String flag, String value, String help) {
    this.flag = flag;
    this.value = value;
    this.help = help;
  }

  /** The option as typed, e.g. {@code --conf}. */
  String flag() {
    return flag;
  }

  /** True when the option takes a value ({@code --opt VALUE} or {@code --opt=VALUE}). */
  boolean takesValue() {
    return value != null;
  }

  /** True for the options that may be given more than once. */
  boolean repeatable() {
    return this == CONF || this == SET;
  }

  /** {@code --conf FILE}, or {@code --resume} for a flag. */
  String synopsis() {
    return value == null ? flag : flag + " " + value;
  }

  String help() {
    return help;
  }

  static CliOption named(String flag) {
    return Arrays.stream(values()).filter(v -> v.flag.equals(flag)).findFirst().orElse(null);
  }
}
