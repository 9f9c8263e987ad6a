package org.descent.nn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Damaged model files, fuzz style: every single-bit flip at every offset, seeded bursts of several
 * damaged bytes, every length field set to huge values. Each read is either a clean {@link
 * InvalidModelException} with a message naming the file, or the identical model; never another
 * exception (not even OutOfMemoryError from a forged length) and never a different model.
 */
class ModelFormatFuzzTest {
  private static final String SOURCE = "fuzz/model.bin";

  private static byte[] bytes(SavedModel m) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ModelFormat.write(m, out);
    return out.toByteArray();
  }

  /** Tallies outcomes; fails on anything but a clean refusal or the identical model. */
  private static final class Outcomes {
    final SavedModel original;
    int refused;
    int identical;

    Outcomes(SavedModel original) {
      this.original = original;
    }

    void check(byte[] damaged, String what) {
      SavedModel m;
      try {
        m = ModelFormat.read(new ByteArrayInputStream(damaged), SOURCE);
      } catch (InvalidModelException e) {
        assertTrue(e.getMessage().startsWith(SOURCE + " "), what + ": " + e.getMessage());
        assertFalse(e.getMessage().contains("null"), what + ": " + e.getMessage());
        refused++;
        return;
      } catch (Throwable t) {
        fail(what + ": " + t, t);
        return;
      }
      assertEquals(original.spec(), m.spec(), what);
      assertArrayEquals(original.parameters(), m.parameters(), what);
      assertArrayEquals(original.layerState(), m.layerState(), what);
      assertArrayEquals(original.featureScaling().shift(), m.featureScaling().shift(), what);
      assertArrayEquals(original.featureScaling().factor(), m.featureScaling().factor(), what);
      assertEquals(original.provenance(), m.provenance(), what);
      identical++;
    }
  }

  @Test
  void everyBitFlipAndEveryTruncationIsRefusedOrHarmless() throws IOException {
    SavedModel model = ModelFormatTest.goldenModel();
    byte[] good = bytes(model);
    Outcomes o = new Outcomes(model);
    FrameFuzz.everyBitFlipAndTruncation(good, o::check);
    System.out.printf(
        "model fuzz: %d bytes, %d bit flips + %d truncations: %d refused, %d identical%n",
        good.length, good.length * 8, good.length, o.refused, o.identical);
    assertEquals(good.length * 9, o.refused + o.identical);
  }

  @Test
  void seededBurstsOfDamageAreRefusedOrHarmless() throws IOException {
    SavedModel model = ModelFormatTest.goldenModel();
    byte[] good = bytes(model);
    Outcomes o = new Outcomes(model);
    FrameFuzz.seededBursts(good, 6, 500, o::check);
    System.out.printf("model fuzz: 500 bursts: %d refused, %d identical%n", o.refused, o.identical);
  }

  @Test
  void forgedBodyLengthsNeverAllocateWhatTheyClaim() throws IOException {
    SavedModel model = ModelFormatTest.goldenModel();
    byte[] good = bytes(model);
    Outcomes o = new Outcomes(model);
    FrameFuzz.forgedLengths(
        good,
        new long[] {0, 1, good.length, 1L << 20, 1L << 30, Integer.MAX_VALUE - 65L, -1, 1L << 40},
        o::check);
    assertEquals(8, o.refused);
  }

  @Test
  void wrongVersionAndForeignFilesAreRefusedSayingWhich() throws IOException {
    byte[] good = bytes(ModelFormatTest.goldenModel());
    for (int version : new int[] {0, 3, -1, 1 << 24}) {
      byte[] bad = good.clone();
      ByteBuffer.wrap(bad).putInt(8, version);
      InvalidModelException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              InvalidModelException.class,
              () -> ModelFormat.read(new ByteArrayInputStream(bad), SOURCE));
      assertTrue(e.getMessage().contains("model format version " + version), e.getMessage());
    }
    for (byte[] foreign :
        new byte[][] {
          new byte[0],
          "label,x\n1,2\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
          new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0},
          "DSCNTCKP\0\0\0\1".getBytes(java.nio.charset.StandardCharsets.US_ASCII)
        }) {
      InvalidModelException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              InvalidModelException.class,
              () -> ModelFormat.read(new ByteArrayInputStream(foreign), SOURCE));
      assertTrue(
          e.getMessage().contains("not a Descent model file")
              || e.getMessage().contains("truncated"),
          e.getMessage());
    }
  }

  /**
   * Behind a recomputed (forged) checksum the parser still meets every altered byte: it may then
   * read a different but well-formed model, as a deliberately edited file would, but it never
   * throws anything but {@link InvalidModelException}.
   */
  @Test
  void theParserBehindAForgedChecksumThrowsOnlyInvalidModelException() throws IOException {
    int[] counts =
        FrameFuzz.behindForgedChecksums(
            bytes(ModelFormatTest.goldenModel()),
            b -> ModelFormat.read(new ByteArrayInputStream(b), SOURCE),
            InvalidModelException.class);
    System.out.printf(
        "model fuzz behind forged checksums: %d refused, %d parsed%n", counts[0], counts[1]);
  }
}
