package org.descent.nn.model;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * The damage a fuzz test does to a {@link ChecksummedFrame} file (the model file, checkpoints):
 * each damaged copy goes to the test's own check, which must see a clean refusal or the identical
 * content. Shared with spark-job's checkpoint fuzz test through nn-core's test jar.
 */
public final class FrameFuzz {
  /** Where the body starts (magic 8 + version 4 + length 8) and the CRC32 trails it (4). */
  public static final int BODY_START = 20;

  /** Offset of the body-length field. */
  public static final int LENGTH_FIELD = 12;

  private FrameFuzz() {}

  /** Checks one damaged copy of the file; {@code what} says which damage, for messages. */
  public interface Check {
    void check(byte[] damaged, String what);
  }

  /** Parses a file; used behind forged checksums. */
  public interface Parser {
    void parse(byte[] bytes) throws Exception;
  }

  /** Every single-bit flip at every offset, then every truncation: 9 × length checks. */
  public static void everyBitFlipAndTruncation(byte[] good, Check check) {
    for (int i = 0; i < good.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] bad = good.clone();
        bad[i] ^= (byte) (1 << bit);
        check.check(bad, "bit " + bit + " of byte " + i);
      }
    }
    for (int len = 0; len < good.length; len++) {
      check.check(Arrays.copyOf(good, len), "truncated to " + len);
    }
  }

  /** {@code trials} seeded bursts of 1–8 random bytes at random offsets. */
  public static void seededBursts(byte[] good, long seed, int trials, Check check) {
    SplittableRandom rng = new SplittableRandom(seed);
    for (int trial = 0; trial < trials; trial++) {
      byte[] bad = good.clone();
      int start = rng.nextInt(good.length);
      int n = 1 + rng.nextInt(8);
      for (int k = 0; k < n && start + k < bad.length; k++) {
        bad[start + k] = (byte) rng.nextInt(256);
      }
      check.check(bad, "burst of " + n + " at " + start + " (trial " + trial + ")");
    }
  }

  /** The body-length field set to each of {@code lengths}. */
  public static void forgedLengths(byte[] good, long[] lengths, Check check) {
    for (long length : lengths) {
      byte[] bad = good.clone();
      ByteBuffer.wrap(bad).putLong(LENGTH_FIELD, length);
      check.check(bad, "body length " + length);
    }
  }

  /**
   * Flips bits of every body byte behind a recomputed checksum, so the parser itself meets each
   * altered byte: it may read different, well-formed content (as a deliberately edited file would)
   * but must throw nothing but {@code refusal}.
   *
   * @return {refused, parsed}
   */
  public static int[] behindForgedChecksums(
      byte[] good, Parser parser, Class<? extends Exception> refusal) {
    int bodyEnd = good.length - 4;
    int[] counts = new int[2];
    for (int i = BODY_START; i < bodyEnd; i++) {
      for (int mask : new int[] {0x01, 0x80, 0xFF}) {
        byte[] bad = good.clone();
        bad[i] ^= (byte) mask;
        CRC32 crc = new CRC32();
        crc.update(bad, BODY_START, bodyEnd - BODY_START);
        ByteBuffer.wrap(bad).putInt(bodyEnd, (int) crc.getValue());
        try {
          parser.parse(bad);
          counts[1]++;
        } catch (Throwable t) {
          if (!refusal.isInstance(t)) {
            fail("byte " + i + " ^ " + mask + ": " + t, t);
          }
          counts[0]++;
        }
      }
    }
    return counts;
  }
}
