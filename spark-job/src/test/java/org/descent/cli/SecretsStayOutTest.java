package org.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.descent.io.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training run with spark.authenticate and a secret (as the submit scripts give the driver) never
 * writes the secret: not in its console and log4j output, metrics.jsonl, summary.json, the model's
 * provenance or the checkpoints.
 */
class SecretsStayOutTest {
  @TempDir Path dir;

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void theSecretAppearsInNoOutput() throws Exception {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String secret = HexFormat.of().formatHex(random);
    Path out = dir.resolve("run");
    Path log = dir.resolve("console.log");
    Process p =
        ChildJvm.descent(
                List.of(
                    "-Dspark.authenticate=true",
                    "-Dspark.authenticate.secret=" + secret,
                    "-Dspark.network.crypto.enabled=true"),
                List.of(
                    "train",
                    "--master",
                    "local[2]",
                    "--verbose",
                    "--conf",
                    "../conf/digits.properties",
                    "--set",
                    "data.train=../data/digits.csv.gz",
                    "--set",
                    "train.epochs=1",
                    "--set",
                    "train.logEvery=1",
                    "--set",
                    "train.checkpointEvery=5",
                    "--out",
                    out.toString()),
                log)
            .start();
    assertTrue(p.waitFor(170, TimeUnit.SECONDS), "training did not finish");
    String console = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), console);
    assertFalse(console.contains(secret), "the console output shows the secret");

    List<Path> files;
    try (Stream<Path> walk = Files.walk(out)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (String expected :
        List.of("metrics.jsonl", "summary.json", "model/model.bin", "checkpoints")) {
      assertTrue(
          files.stream().anyMatch(f -> out.relativize(f).toString().startsWith(expected)),
          expected + " missing from " + files);
    }
    byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
    for (Path f : files) {
      assertFalse(contains(Files.readAllBytes(f), needle), f + " holds the secret");
    }
    var provenance = ModelStore.load(out.resolve("model").toString(), new Configuration());
    assertTrue(provenance.provenance().containsKey("spark.version"));
    assertFalse(provenance.provenance().toString().contains(secret));
  }

  private static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
