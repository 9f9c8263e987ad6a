package org.descent.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The descent CLI in a new JVM with the test JVM's java, module flags and classpath. */
final class ChildJvm {
  private ChildJvm() {}

  /**
   * A process builder for {@code java -Xmx1g [jvmOptions] org.descent.cli.Main descentArgs}, its
   * stdout and stderr (log4j's console output included) going to {@code log}.
   */
  static ProcessBuilder descent(List<String> jvmOptions, List<String> descentArgs, Path log) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-")
          || a.startsWith("--enable-native")
          || a.startsWith("-XX:+Ignore")) {
        cmd.add(a);
      }
    }
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(descentArgs);
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
  }
}
