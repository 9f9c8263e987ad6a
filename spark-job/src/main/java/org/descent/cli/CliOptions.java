package org.descent.cli;

import java.nio.file.Path;
import java.util.List;
import org.descent.config.Configuration;
import org.descent.ps.InvalidConfigException;

/**
 * The options after the command: {@code --conf FILE} and {@code --set key=value} (repeatable, in
 * order), {@code --master URL}, {@code --out DIR}, {@code --model DIR}, {@code --data URI}, {@code
 * --output URI}, {@code --format NAME} (export), and the train flags {@code --resume} (continue
 * from the newest checkpoint), {@code --force} (resume although the run's identity differs) and
 * {@code --overwrite} (start a new run where another run's checkpoints are, removing them). Both
 * {@code --opt value} and {@code --opt=value} work.
 */
record CliOptions(
    Configuration conf,
    String master,
    String out,
    String model,
    String data,
    String output,
    String format,
    boolean resume,
    boolean force,
    boolean overwrite) {

  static CliOptions parse(List<String> args) {
    Configuration conf = Configuration.defaults();
    String master = null;
    String out = null;
    String model = null;
    String data = null;
    String output = null;
    String format = null;
    boolean resume = false;
    boolean force = false;
    boolean overwrite = false;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      String name = a;
      String value = null;
      if (a.equals("--resume")) {
        resume = true;
        continue;
      }
      if (a.equals("--force")) {
        force = true;
        continue;
      }
      if (a.equals("--overwrite")) {
        overwrite = true;
        continue;
      }
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      if (!List.of(
              "--conf", "--set", "--master", "--out", "--model", "--data", "--output", "--format")
          .contains(name)) {
        throw new InvalidConfigException(
            a,
            "unexpected argument '"
                + a
                + "'; options are --conf FILE, --set key=value, --master URL, --out DIR,"
                + " --model DIR, --data URI, --output URI, --format NAME, --resume, --force,"
                + " --overwrite (see 'descent help')");
      }
      if (value == null) {
        if (++i >= args.size()) {
          throw new InvalidConfigException(name, name + " needs a value");
        }
        value = args.get(i);
      }
      switch (name) {
        case "--conf" -> conf.withFile(Path.of(value));
        case "--set" -> conf.withSetting(value);
        case "--master" -> master = value;
        case "--out" -> out = value;
        case "--model" -> model = value;
        case "--data" -> data = value;
        case "--format" -> format = value;
        default -> output = value;
      }
    }
    if (force && !resume) {
      throw new InvalidConfigException(
          "--force", "--force applies to --resume (continue a run whose settings differ)");
    }
    if (overwrite && resume) {
      throw new InvalidConfigException(
          "--overwrite",
          "--overwrite starts a new run and removes the old checkpoints; --resume continues them:"
              + " give one of the two");
    }
    return new CliOptions(conf, master, out, model, data, output, format, resume, force, overwrite);
  }

  String require(String value, String option, String example) {
    if (value == null || value.isBlank()) {
      throw new InvalidConfigException(option, option + " is required, e.g. " + example);
    }
    return value;
  }
}
