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
import java.util.SplittableRandom;
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
    for (int i = 0; i < good.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] bad = good.clone();
        bad[i] ^= (byte) (1 << bit);
        o.check(bad, "bit " + bit + " of byte " + i);
      }
    }
    for (int len = 0; len < good.length; len++) {
      o.check(java.util.Arrays.copyOf(good, len), "truncated to " + len);
    }
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
    SplittableRandom rng = new SplittableRandom(6);
    for (int trial = 0; trial < 500; trial++) {
      byte[] bad = good.clone();
      int start = rng.nextInt(good.length);
      int n = 1 + rng.nextInt(8);
      for (int k = 0; k < n && start + k < bad.length; k++) {
        bad[start + k] = (byte) rng.nextInt(256);
      }
      o.check(bad, "burst of " + n + " at " + start + " (trial " + trial + ")");
    }
    System.out.printf("model fuzz: 500 bursts: %d refused, %d identical%n", o.refused, o.identical);
  }

  @Test
  void forgedBodyLengthsNeverAllocateWhatTheyClaim() throws IOException {
    SavedModel model = ModelFormatTest.goldenModel();
    byte[] good = bytes(model);
    Outcomes o = new Outcomes(model);
    for (long length :
        new long[] {0, 1, good.length, 1L << 20, 1L << 30, Integer.MAX_VALUE - 65L, -1, 1L << 40}) {
      byte[] bad = good.clone();
      ByteBuffer.wrap(bad).putLong(12, length); // after magic (8) and version (4)
      o.check(bad, "body length " + length);
    }
    assertEquals(8, o.refused);
  }

  @Test
  void wrongVersionAndForeignFilesAreRefusedSayingWhich() throws IOException {
    byte[] good = bytes(ModelFormatTest.goldenModel());
    for (int version : new int[] {0, 2, -1, 1 << 24}) {
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
    byte[] good = bytes(ModelFormatTest.goldenModel());
    int bodyStart = 20;
    int bodyEnd = good.length - 4;
    int refused = 0;
    int parsed = 0;
    for (int i = bodyStart; i < bodyEnd; i++) {
      for (int mask : new int[] {0x01, 0x80, 0xFF}) {
        byte[] bad = good.clone();
        bad[i] ^= (byte) mask;
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bad, bodyStart, bodyEnd - bodyStart);
        ByteBuffer.wrap(bad).putInt(bodyEnd, (int) crc.getValue());
        try {
          ModelFormat.read(new ByteArrayInputStream(bad), SOURCE);
          parsed++;
        } catch (InvalidModelException e) {
          refused++;
        } catch (Throwable t) {
          fail("byte " + i + " ^ " + mask + ": " + t, t);
        }
      }
    }
    System.out.printf(
        "model fuzz behind forged checksums: %d refused, %d parsed%n", refused, parsed);
  }
}
