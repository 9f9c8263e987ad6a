package org.descent.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.descent.config.Configuration;

/** Runs examples from the module directory (tests run in examples/) at reduced size. */
final class ExampleFixtures {
  private ExampleFixtures() {}

  /** conf/examples/NAME.properties, data paths made relative to examples/, then overrides. */
  static Configuration conf(String name, String... keyValues) {
    Configuration conf =
        Configuration.defaults().withFile(Path.of("..").resolve(Examples.confFile(name)));
    if (!conf.get("data.train").isEmpty()) {
      conf.with("data.train", "../" + conf.get("data.train"));
    }
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      conf.with(keyValues[i], keyValues[i + 1]);
    }
    return conf;
  }

  static ExampleResult run(
      String name, Configuration conf, Path out, Supplier<SparkSession> spark) {
    return Examples.runExample(
        name, new ExampleRun(conf, out, new PrintStream(System.out, true), spark));
  }

  static ExampleResult run(String name, Configuration conf, Path out) {
    return run(
        name,
        conf,
        out,
        () -> {
          throw new AssertionError(name + " should not need Spark");
        });
  }

  /** Every picture is a readable PNG of a sensible size in {@code out}, and there are {@code n}. */
  static void assertPictures(ExampleResult result, Path out, int n) {
    List<Path> pictures = result.pictures();
    assertEquals(n, pictures.size(), "pictures: " + pictures);
    for (Path p : pictures) {
      assertTrue(p.startsWith(out), p + " is not under " + out);
      assertTrue(p.getFileName().toString().endsWith(".png"), p.toString());
      try {
        byte[] head = Files.readAllBytes(p);
        assertTrue(
            head.length > 8 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G',
            p + " is not a PNG");
        BufferedImage image = ImageIO.read(p.toFile());
        assertNotNull(image, p + " is not a readable image");
        assertTrue(image.getWidth() >= 200 && image.getHeight() >= 200, p + " is too small");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
