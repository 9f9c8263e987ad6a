package org.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code descent summary} of a tied network: owned and untied counts; bad ties are one line. */
class TiedSummaryTest {
  @Test
  void tiedAutoencoderShowsOwnedAndUntiedCounts() {
    CliRun r =
        CliRun.of(
            "summary",
            "--set",
            "model.layers=784,64,784",
            "--set",
            "model.head=mse",
            "--set",
            "model.ties=2:1:transpose");
    assertEquals(0, r.exit(), r.err());
    List<String> lines = r.out().lines().map(String::strip).toList();
    // 784·64 + 64 + 784 owned; the decoder's 64·784 matrix again when untied.
    assertTrue(lines.stream().anyMatch(l -> l.matches("total \\(owned\\)\\s+51024")), r.out());
    assertTrue(
        lines.stream().anyMatch(l -> l.matches("untied \\(no sharing\\)\\s+101200")), r.out());
    assertTrue(
        lines.stream()
            .anyMatch(
                l ->
                    l.matches(
                        "dense 2 \\(output, [a-z_]+\\) W = dense 1ᵀ \\(shared\\)\\s+784\\s+784")),
        r.out());
  }

  @Test
  void aTieThatDoesNotFitIsOneLineNamingTheKeyLayersAndShapes() {
    CliRun r =
        CliRun.of("summary", "--set", "model.layers=784,64,784", "--set", "model.ties=2:1:same");
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("model.ties"), r.err());
    assertTrue(r.err().contains("dense layer 2 (64 → 784) needs a 64×784 matrix"), r.err());
  }
}
