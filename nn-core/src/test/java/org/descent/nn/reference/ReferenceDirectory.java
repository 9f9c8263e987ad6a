package org.descent.nn.reference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The folder of reference fixtures the data-driven tests read: the system property {@code
 * descent.reference.dir} (set by the build to the module's bundled copies; override with {@code
 * -Ddescent.reference.dir=DIR}). Every {@code *.json} in it is read; a file whose kind no module
 * checks fails the run, so a new kind of fixture is never silently ignored.
 */
public final class ReferenceDirectory {
  public static final String PROPERTY = "descent.reference.dir";

  /** Every fixture kind, with the module whose tests check it. */
  public static final Map<String, String> KIND_OWNERS =
      Map.of(
          "graph_example", "nn-core",
          "param_counts", "nn-core",
          "mlp_gradients", "nn-core",
          "batchnorm1d_train", "nn-core",
          "batchnorm1d_eval", "nn-core",
          "mlp_gradients_tied", "nn-core",
          "optimizer_trajectory", "parameter-server",
          "train_run", "parameter-server",
          "train_run_tied", "parameter-server");

  private ReferenceDirectory() {}

  public static Path location() {
    String dir = System.getProperty(PROPERTY);
    if (dir == null || dir.isBlank()) {
      dir = "src/test/resources/reference";
    }
    Path p = Paths.get(dir);
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException(
          PROPERTY
              + "="
              + dir
              + " is not a directory; point it at a folder of fixture *.json files");
    }
    return p;
  }

  /** Every fixture in the folder, sorted by file name. */
  public static List<ReferenceFile> all() {
    Path dir = location();
    try (Stream<Path> files = Files.list(dir)) {
      List<ReferenceFile> out = new ArrayList<>();
      files
          .filter(f -> f.getFileName().toString().endsWith(".json"))
          .sorted()
          .forEach(f -> out.add(ReferenceFile.read(f)));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /** Fixtures of the given kinds. */
  public static List<ReferenceFile> ofKinds(Set<String> kinds) {
    return all().stream().filter(f -> kinds.contains(f.kind())).toList();
  }

  /** Files in the folder whose kind no module knows how to check. */
  public static List<ReferenceFile> unknownKinds() {
    return all().stream().filter(f -> !KIND_OWNERS.containsKey(f.kind())).toList();
  }
}
