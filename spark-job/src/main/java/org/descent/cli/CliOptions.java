package org.descent.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.descent.config.Configuration;
import org.descent.nn.Names;
import org.descent.ps.config.DataKeys;

/**
 * The options after the command, as declared in {@link CliOption} and allowed per {@link Command}:
 * {@code --conf FILE} and {@code --set key=value} (repeatable, applied in order), the other options
 * at most once. Both {@code --opt value} and {@code --opt=value} work. Without {@code --conf} and
 * without {@code --set data.train=...}, the commands that train or read data start from the bundled
 * {@value Command#BUNDLED_CONF} and say so in one line.
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
    boolean overwrite,
    String outputFormat,
    List<String> keep) {

  /**
   * Parses {@code args} (after the command name) for {@code command}; {@code home} is the Descent
   * directory holding conf/ and data/; the one-line note about defaults goes to {@code notes}.
   */
  static CliOptions parse(Command command, List<String> args, Path home, PrintStream notes) {
    Map<CliOption, String> single = new EnumMap<>(CliOption.class);
    List<String[]> layers = new ArrayList<>(); // {"--conf"|"--set", value}, in order
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      String name = a;
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      CliOption option = CliOption.named(name);
      if (option == null || !command.takes(option)) {
        throw new UsageException(command, unexpected(command, a, name, option != null));
      }
      if (!option.takesValue()) {
        if (value != null) {
          throw new UsageException(command, name + " takes no value; give it alone");
        }
        value = "true";
      } else if (value == null) {
        if (++i >= args.size()) {
          throw new UsageException(command, name + " needs a value: " + option.synopsis());
        }
        value = args.get(i);
      }
      if (option.repeatable()) {
        layers.add(new String[] {name, value});
      } else if (single.put(option, value) != null) {
        throw new UsageException(command, name + " is given twice; give it once");
      }
    }
    Configuration conf = Configuration.defaults();
    if (command.usesBundledDefaults() && layers.stream().noneMatch(CliOptions::choosesData)) {
      Path bundled = home.resolve(Command.BUNDLED_CONF);
      if (Files.isRegularFile(bundled)) {
        conf.withFile(bundled);
        Path dataPath = Path.of(conf.get(DataKeys.TRAIN));
        if (!dataPath.isAbsolute()
            && !home.toAbsolutePath().normalize().equals(Path.of("").toAbsolutePath())) {
          conf.with(DataKeys.TRAIN, home.resolve(dataPath).toString());
        }
        notes.println(
            "descent: no --conf given; using the bundled digits configuration ("
                + Command.BUNDLED_CONF
                + ")");
      }
    }
    for (String[] layer : layers) {
      if (layer[0].equals("--conf")) {
        conf.withFile(Path.of(layer[1]));
      } else {
        conf.withSetting(layer[1]);
      }
    }
    boolean resume = single.containsKey(CliOption.RESUME);
    boolean force = single.containsKey(CliOption.FORCE);
    boolean overwrite = single.containsKey(CliOption.OVERWRITE);
    if (force && !resume) {
      throw new UsageException(
          command, "--force applies to --resume (continue a run whose settings differ)");
    }
    if (overwrite && resume) {
      throw new UsageException(
          command,
          "--overwrite starts a new run and removes the old checkpoints; --resume continues them:"
              + " give one of the two");
    }
    List<String> keep = List.of();
    if (single.containsKey(CliOption.KEEP)) {
      if (single.containsKey(CliOption.KEEP_ALL)) {
        throw new UsageException(command, "give --keep COL,... or --keep-all, not both");
      }
      keep =
          java.util.Arrays.stream(single.get(CliOption.KEEP).split(","))
              .map(String::strip)
              .filter(c -> !c.isEmpty())
              .toList();
      if (keep.isEmpty()) {
        throw new UsageException(command, "--keep needs column names, e.g. --keep id");
      }
    } else if (single.containsKey(CliOption.KEEP_ALL)) {
      keep = List.of(org.descent.data.DataSettings.KEEP_ALL);
    }
    return new CliOptions(
        conf,
        single.get(CliOption.MASTER),
        single.get(CliOption.OUT),
        single.get(CliOption.MODEL),
        single.get(CliOption.DATA),
        single.get(CliOption.OUTPUT),
        single.get(CliOption.FORMAT),
        resume,
        force,
        overwrite,
        single.get(CliOption.OUTPUT_FORMAT),
        keep);
  }

  /** A --conf file, or --set data.train=..., chooses the data: no bundled defaults then. */
  private static boolean choosesData(String[] layer) {
    return layer[0].equals("--conf") || layer[1].strip().startsWith("data.train=");
  }

  private static String unexpected(Command command, String arg, String name, boolean known) {
    String options = String.join(", ", command.options().stream().map(CliOption::flag).toList());
    if (known) {
      return "descent "
          + command.commandName()
          + " does not take "
          + name
          + "; its options are "
          + (options.isEmpty() ? "none" : options);
    }
    String near =
        name.startsWith("-")
            ? Names.suggestion(
                name, command.options().stream().map(CliOption::flag).toArray(String[]::new))
            : "";
    return "unexpected argument '"
        + arg
        + "'"
        + near
        + "; descent "
        + command.commandName()
        + " takes "
        + (options.isEmpty() ? "no options" : options);
  }

  String require(String value, String option, String example) {
    if (value == null || value.isBlank()) {
      throw new UsageException(null, option + " is required, e.g. " + example);
    }
    return value;
  }

  /**
   * {@code --data}, else the configuration's data.test, else its data.train (the bundled digits
   * without --conf), saying so in one line on {@code notes}.
   */
  String dataOrConfigured(PrintStream notes) {
    if (data != null && !data.isBlank()) {
      return data;
    }
    for (String key : List.of(DataKeys.TEST.name(), DataKeys.TRAIN.name())) {
      String path = conf.get(key);
      if (path != null && !path.isBlank()) {
        notes.println("descent: no --data given; reading " + path + " (" + key + ")");
        return path;
      }
    }
    return require(data, "--data", "--data data/digits.csv.gz");
  }
}
