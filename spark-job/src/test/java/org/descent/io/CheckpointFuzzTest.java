package org.descent.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.descent.nn.Activation;
import org.descent.nn.Initializer;
import org.descent.nn.Loss;
import org.descent.nn.NetworkSpec;
import org.descent.nn.ParameterLayout;
import org.descent.nn.model.FrameFuzz;
import org.descent.ps.ParameterServer;
import org.descent.ps.UpdateConfig;
import org.descent.ps.train.EpochMetrics;
import org.junit.jupiter.api.Test;

/**
 * Damaged checkpoint files, fuzz style: every single-bit flip at every offset, every truncation,
 * seeded bursts, forged lengths, wrong versions and foreign files. Each read is a clean {@link
 * InvalidCheckpointException} naming the file, or the identical checkpoint; never another exception
 * and never a different checkpoint.
 */
class CheckpointFuzzTest {
  private static final String SOURCE = "fuzz/step-000000000007.ckpt";

  /** A real checkpoint: Adam after two steps on a 4-6-3 network, with history. */
  static Checkpoint checkpoint() {
    NetworkSpec spec =
        NetworkSpec.of(new int[] {4, 6, 3}, Activation.RELU, Loss.SOFTMAX_CROSS_ENTROPY);
    ParameterLayout layout = ParameterLayout.of(spec);
    ParameterServer server =
        new ParameterServer(
            layout,
            Initializer.initialParameters(spec, 7),
            UpdateConfig.fromMap(Map.of("optimizer.name", "adam", "optimizer.lr", "0.01")));
    float[] g = new float[layout.size()];
    for (int i = 0; i < g.length; i++) {
      g[i] = (float) Math.sin(i);
    }
    server.apply(g, 4);
    server.apply(g, 4);
    return new Checkpoint(
        7,
        2,
        3,
        5,
        1.25,
        0.75,
        1,
        0,
        server.weights().clone(),
        server.layerState().clone(),
        List.of(
            new EpochMetrics(1, 5, 1.0, 0.75, 0.5, 0.45, Double.NaN, Double.NaN, Double.NaN, 0.1)),
        server.snapshot());
  }

  static byte[] bytes(Checkpoint c) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CheckpointStore.write(c, null, out);
    return out.toByteArray();
  }

  /** Tallies outcomes; fails on anything but a clean refusal or the identical checkpoint. */
  private static final class Outcomes {
    final Checkpoint original;
    int refused;
    int identical;

    Outcomes(Checkpoint original) {
      this.original = original;
    }

    void check(byte[] damaged, String what) {
      Checkpoint c;
      try {
        c = CheckpointStore.readStored(new ByteArrayInputStream(damaged), SOURCE).checkpoint();
      } catch (InvalidCheckpointException e) {
        assertTrue(e.getMessage().startsWith(SOURCE + " "), what + ": " + e.getMessage());
        refused++;
        return;
      } catch (Throwable t) {
        fail(what + ": " + t, t);
        return;
      }
      assertEquals(original.step(), c.step(), what);
      assertEquals(original.epoch(), c.epoch(), what);
      assertEquals(original.stepInEpoch(), c.stepInEpoch(), what);
      assertEquals(original.history(), c.history(), what);
      assertArrayEquals(original.bestParameters(), c.bestParameters(), what);
      assertArrayEquals(original.serverSnapshot(), c.serverSnapshot(), what);
      identical++;
    }
  }

  @Test
  void everyBitFlipAndEveryTruncationIsRefusedOrHarmless() throws IOException {
    Checkpoint c = checkpoint();
    byte[] good = bytes(c);
    Outcomes o = new Outcomes(c);
    o.check(good, "intact");
    assertEquals(1, o.identical);
    FrameFuzz.everyBitFlipAndTruncation(good, o::check);
    o.check(Arrays.copyOf(good, good.length + 3), "3 bytes appended");
    System.out.printf(
        "checkpoint fuzz: %d bytes, %d bit flips + %d truncations + 1 extension: %d refused,"
            + " %d identical%n",
        good.length, good.length * 8, good.length, o.refused, o.identical - 1);
    assertEquals(good.length * 9 + 1, o.refused);
  }

  @Test
  void seededBurstsAndForgedLengthsAreRefused() throws IOException {
    Checkpoint c = checkpoint();
    byte[] good = bytes(c);
    Outcomes o = new Outcomes(c);
    FrameFuzz.seededBursts(good, 6, 500, o::check);
    FrameFuzz.forgedLengths(
        good, new long[] {0, 1L << 30, Integer.MAX_VALUE - 65L, -1, 1L << 40}, o::check);
    System.out.printf(
        "checkpoint fuzz: 500 bursts + 5 forged lengths: %d refused, %d identical%n",
        o.refused, o.identical);
    assertEquals(505, o.refused + o.identical);
  }

  /**
   * Behind a recomputed (forged) checksum the parser meets every altered byte itself; it may read a
   * different well-formed checkpoint, as an edited file would, but throws nothing else.
   */
  @Test
  void theParserBehindAForgedChecksumThrowsOnlyInvalidCheckpointException() throws IOException {
    int[] counts =
        FrameFuzz.behindForgedChecksums(
            bytes(checkpoint()),
            b -> CheckpointStore.readStored(new ByteArrayInputStream(b), SOURCE),
            InvalidCheckpointException.class);
    System.out.printf(
        "checkpoint fuzz behind forged checksums: %d refused, %d parsed%n", counts[0], counts[1]);
  }

  @Test
  void wrongVersionAndForeignFilesAreRefusedSayingWhich() throws IOException {
    byte[] good = bytes(checkpoint());
    for (int version : new int[] {0, 1, 4, -1}) { // 1: before the run identity; 2 is still read
      byte[] bad = good.clone();
      ByteBuffer.wrap(bad).putInt(8, version);
      InvalidCheckpointException e =
          assertThrows(
              InvalidCheckpointException.class,
              () -> CheckpointStore.readStored(new ByteArrayInputStream(bad), SOURCE));
      assertTrue(e.getMessage().contains("checkpoint format version " + version), e.getMessage());
    }
    byte[] model = "DSCNTMDL\0\0\0\1\0\0\0\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII);
    for (byte[] foreign :
        new byte[][] {new byte[0], "hello\n".getBytes(StandardCharsets.UTF_8), model}) {
      InvalidCheckpointException e =
          assertThrows(
              InvalidCheckpointException.class,
              () -> CheckpointStore.readStored(new ByteArrayInputStream(foreign), SOURCE));
      assertTrue(
          e.getMessage().contains("not a Descent checkpoint")
              || e.getMessage().contains("truncated"),
          e.getMessage());
    }
  }
}
