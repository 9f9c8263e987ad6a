package org.descent.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** docs/spark-ml.md shows exactly the code of {@link SparkMlExample}, and that code works. */
class SparkMlExampleTest {
  @RegisterExtension static final LocalSpark SPARK = LocalSpark.withCores(2);

  private static final Path SOURCE = Path.of("src/test/java/org/descent/docs/SparkMlExample.java");
  private static final Path PAGE = Path.of("../docs/spark-ml.md");

  @Test
  void thePageShowsTheCompiledExampleVerbatim() throws Exception {
    String example = exampleLines(Files.readAllLines(SOURCE, StandardCharsets.UTF_8));
    String page = Files.readString(PAGE, StandardCharsets.UTF_8);
    assertTrue(
        page.contains("```java\n" + example + "```\n"),
        "docs/spark-ml.md must contain, in a ```java block, the lines between 'begin example' and"
            + " 'end example' of SparkMlExample.java (unindented):\n"
            + example);
  }

  @Test
  void theExampleTrainsTunesSavesLoadsAndExports(@TempDir Path dir) throws Exception {
    double accuracy =
        SparkMlExample.run(SPARK.session(), "../data/iris.csv", dir.toUri().toString());
    assertTrue(accuracy > 0.85, "test accuracy " + accuracy);
    assertTrue(Files.isDirectory(dir.resolve("iris-pipeline/stages")));
    assertTrue(Files.isRegularFile(dir.resolve("iris.onnx")));
  }

  /** The example's lines, without the markers and with the method's indentation removed. */
  static String exampleLines(List<String> source) {
    StringBuilder sb = new StringBuilder();
    boolean in = false;
    for (String line : source) {
      if (line.trim().equals("// begin example")) {
        in = true;
      } else if (line.trim().equals("// end example")) {
        in = false;
      } else if (in) {
        sb.append(line.length() >= 4 ? line.substring(4) : line.trim()).append('\n');
      }
    }
    return sb.toString();
  }
}
