package org.descent.ps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import org.descent.nn.ParameterLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Snapshot → restore gives the same server; damaged bytes are refused, never half-restored. */
class ParameterServerSnapshotTest {
  private static final ParameterLayout LAYOUT = SmallNetworks.withBatchNorm();

  /** Adam, lr 0.01, clip.norm 1, after 3 steps on {@link SmallNetworks#withBatchNorm()}. */
  private static final String GOLDEN = "/snapshots/parameter-server-v1.dsps";

  private static UpdateConfig config(String optimizer) {
    Map<String, String> m = new HashMap<>();
    m.put("optimizer.name", optimizer);
    m.put("optimizer.lr", "0.01");
    m.put("schedule.name", "cosine");
    m.put("schedule.warmupSteps", "5");
    m.put("schedule.totalSteps", "60");
    m.put("regularization.l2", "1e-3");
    m.put("clip.norm", "2");
    m.put("constraint.maxNorm", "3");
    return UpdateConfig.fromMap(m);
  }

  /** A server after {@code steps} steps of random gradients, with random layer state. */
  private static ParameterServer trained(String optimizer, int steps, Random random) {
    ParameterServer ps =
        new ParameterServer(
            LAYOUT, SmallNetworks.gaussian(new Random(21), LAYOUT.size(), 0.5), config(optimizer));
    ps.setLayerState(SmallNetworks.gaussian(new Random(22), LAYOUT.stateSize(), 1));
    run(ps, steps, random);
    return ps;
  }

  private static void run(ParameterServer ps, int steps, Random random) {
    for (int s = 0; s < steps; s++) {
      ps.apply(SmallNetworks.gaussian(random, LAYOUT.size(), 3), 16);
    }
  }

  private static void assertBitIdentical(ParameterServer expected, ParameterServer actual) {
    assertEquals(expected.step(), actual.step());
    assertEquals(expected.config(), actual.config());
    assertArrayEquals(bits(expected.weights()), bits(actual.weights()), "weights");
    assertArrayEquals(bits(expected.layerState()), bits(actual.layerState()), "layer state");
    assertEquals(expected.optimizerState().names(), actual.optimizerState().names());
    for (String name : expected.optimizerState().names()) {
      assertArrayEquals(
          bits(expected.optimizerState().buffer(name)),
          bits(actual.optimizerState().buffer(name)),
          name);
    }
  }

  private static int[] bits(float[] x) {
    int[] b = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      b[i] = Float.floatToRawIntBits(x[i]);
    }
    return b;
  }

  @Test
  void restoreGivesBackEveryPartOfTheState() {
    ParameterServer ps = trained("adam", 7, new Random(23));
    ParameterServer restored = ParameterServer.restore(ps.snapshot(), LAYOUT);
    assertBitIdentical(ps, restored);
  }

  @Test
  void restoreAndContinueIsBitIdenticalToNeverStoppingOver50AdamSteps() {
    ParameterServer uninterrupted = trained("adam", 50, new Random(24));

    Random random = new Random(24);
    ParameterServer first = trained("adam", 20, random);
    ParameterServer resumed = ParameterServer.restore(first.snapshot(), LAYOUT);
    run(resumed, 30, random);

    assertBitIdentical(uninterrupted, resumed);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adamw", "lamb"})
  void restoreAndContinueIsBitIdenticalForEveryOptimizer(String optimizer) {
    ParameterServer uninterrupted = trained(optimizer, 30, new Random(25));
    Random random = new Random(25);
    ParameterServer first = trained(optimizer, 11, random);
    ParameterServer resumed = ParameterServer.restore(first.snapshot(), LAYOUT);
    run(resumed, 19, random);
    assertBitIdentical(uninterrupted, resumed);
  }

  @Test
  void theSameStateAlwaysGivesTheSameBytes() {
    byte[] a = trained("adam", 5, new Random(26)).snapshot();
    byte[] b = trained("adam", 5, new Random(26)).snapshot();
    assertArrayEquals(a, b);
  }

  @Test
  void streamsCarryTheSameSnapshotAsBytes() throws IOException {
    ParameterServer ps = trained("lamb", 4, new Random(27));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ParameterServerSnapshot.write(ps, out);
    assertArrayEquals(ps.snapshot(), out.toByteArray());
    assertBitIdentical(
        ps, ParameterServer.restore(new ByteArrayInputStream(out.toByteArray()), LAYOUT));
  }

  @Test
  void aTruncatedSnapshotIsRefusedAtEveryLength() {
    byte[] good = trained("adam", 3, new Random(28)).snapshot();
    for (int length = 0; length < good.length; length++) {
      byte[] cut = Arrays.copyOf(good, length);
      InvalidSnapshotException e =
          assertThrows(
              InvalidSnapshotException.class,
              () -> ParameterServer.restore(cut, LAYOUT),
              "truncated to " + length + " bytes");
      assertFalse(e.getMessage().isBlank());
    }
    String message =
        assertThrows(
                InvalidSnapshotException.class,
                () -> ParameterServer.restore(Arrays.copyOf(good, good.length - 100), LAYOUT))
            .getMessage();
    assertTrue(message.contains("truncated"), message);
  }

  @Test
  void everyAlteredByteIsRefused() {
    byte[] good = trained("adam", 3, new Random(29)).snapshot();
    for (int offset = 0; offset < good.length; offset++) {
      for (int mask : new int[] {0x01, 0x80, 0xff}) {
        byte[] bad = good.clone();
        bad[offset] ^= (byte) mask;
        int at = offset;
        InvalidSnapshotException e =
            assertThrows(
                InvalidSnapshotException.class,
                () -> ParameterServer.restore(bad, LAYOUT),
                "byte " + at + " xor " + mask);
        assertFalse(e.getMessage().isBlank());
      }
    }
  }

  @Test
  void anAlteredWeightIsReportedAsAChecksumMismatch() {
    byte[] bad = trained("adam", 3, new Random(30)).snapshot();
    bad[bad.length / 2] ^= 0x10;
    String message =
        assertThrows(InvalidSnapshotException.class, () -> ParameterServer.restore(bad, LAYOUT))
            .getMessage();
    assertTrue(message.contains("checksum mismatch"), message);
  }

  @Test
  void somethingElseIsRefusedAsNotASnapshot() {
    byte[] json = "{\"kind\": \"train_run\", \"padding\": \"....\"}".getBytes();
    String message =
        assertThrows(InvalidSnapshotException.class, () -> ParameterServer.restore(json, LAYOUT))
            .getMessage();
    assertTrue(message.contains("not a parameter-server snapshot"), message);
  }

  @Test
  void anotherFormatVersionIsRefusedNamingBothVersions() {
    byte[] other = withChecksum(trained("adam", 3, new Random(31)).snapshot(), 4, 2);
    String message =
        assertThrows(InvalidSnapshotException.class, () -> ParameterServer.restore(other, LAYOUT))
            .getMessage();
    assertTrue(message.contains("version 2"), message);
    assertTrue(message.contains("reads version 1"), message);
  }

  @Test
  void trailingBytesAreRefused() {
    byte[] good = trained("adam", 3, new Random(32)).snapshot();
    byte[] longer = Arrays.copyOf(good, good.length + 1);
    assertThrows(InvalidSnapshotException.class, () -> ParameterServer.restore(longer, LAYOUT));
  }

  @Test
  void aSnapshotOfAnotherNetworkIsRefused() {
    byte[] snapshot = trained("adam", 3, new Random(33)).snapshot();
    String message =
        assertThrows(
                InvalidSnapshotException.class,
                () -> ParameterServer.restore(snapshot, SmallNetworks.plain()))
            .getMessage();
    assertTrue(message.contains("different network"), message);
  }

  @Test
  void theCheckedInVersion1SnapshotStillRestoresAndReserialisesIdentically() throws IOException {
    // A format change that breaks old snapshots fails here; regenerate only with a version bump.
    byte[] golden;
    try (InputStream in = getClass().getResourceAsStream(GOLDEN)) {
      assertNotNull(in, GOLDEN + " is missing");
      golden = in.readAllBytes();
    }
    ParameterServer ps = ParameterServer.restore(golden, LAYOUT);
    assertEquals(3, ps.step());
    assertEquals("adam", ps.optimizer().name());
    assertEquals("1.0", ps.config().toMap().get("clip.norm"));
    assertEquals(LAYOUT.stateSize(), ps.layerState().length);
    assertArrayEquals(golden, ps.snapshot());
  }

  /** {@code bytes} with the int at {@code offset} set to {@code value} and a valid checksum. */
  private static byte[] withChecksum(byte[] bytes, int offset, int value) {
    byte[] out = bytes.clone();
    ByteBuffer.wrap(out).putInt(offset, value);
    CRC32 crc = new CRC32();
    crc.update(out, 0, out.length - 4);
    ByteBuffer.wrap(out).putInt(out.length - 4, (int) crc.getValue());
    return out;
  }
}
