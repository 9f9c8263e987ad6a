package org.descent.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One in-process run of the descent CLI, with what it printed. */
record CliRun(int exit, String out, String err) {

  /**
   * {@code COMMAND --master local[2] --conf ../conf/digits.properties --set
   * data.train=../data/digits.csv.gz}, then {@code --set S} for each setting; a mutable list, so a
   * test can add {@code --out} and the like.
   */
  static List<String> onDigits(String command, String... settings) {
    List<String> args =
        new ArrayList<>(
            List.of(
                command,
                "--master",
                "local[2]",
                "--conf",
                "../conf/digits.properties",
                "--set",
                "data.train=../data/digits.csv.gz"));
    for (String setting : settings) {
      args.add("--set");
      args.add(setting);
    }
    return args;
  }

  static CliRun of(List<String> args) {
    return of(args.toArray(String[]::new));
  }

  static CliRun of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
