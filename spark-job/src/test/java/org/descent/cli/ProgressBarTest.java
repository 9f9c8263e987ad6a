package org.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.descent.spark.StepRecord;
import org.junit.jupiter.api.Test;

/** The console bar: drawn in place on a terminal, silent otherwise. */
class ProgressBarTest {

  @Test
  void lineShowsEpochStepLossAndThroughput() {
    String line = ProgressBar.line(3, 5, 10, 0.25, 512, 10_000_000L);
    assertTrue(line.startsWith("\repoch 3 ["), line);
    assertTrue(line.contains("] 5/10  loss 0.2500  51200 rows/s"), line);
    assertEquals(16, line.indexOf('>') - line.indexOf('[')); // 15 of 30 filled, then the head
  }

  @Test
  void silentWhenNotOnATerminal() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressBar bar =
        new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 4);
    bar.step(new StepRecord(1, 1, 0.5, 64, 1_000_000, 0, 0, 0, 0, 0));
    bar.clear();
    assertEquals(0, bytes.size());
  }

  @Test
  void drawsTheLastStepOfAnEpochEvenWhenFast() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressBar bar =
        new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 2);
    bar.step(new StepRecord(1, 1, 0.5, 64, 1_000_000, 0, 0, 0, 0, 0));
    bar.step(new StepRecord(2, 1, 0.4, 64, 1_000_000, 0, 0, 0, 0, 0));
    assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("2/2"));
  }
}
