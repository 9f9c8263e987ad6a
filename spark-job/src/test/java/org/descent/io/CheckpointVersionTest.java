package org.descent.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.descent.nn.model.ChecksummedFrame;
import org.descent.ps.train.EpochMetrics;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints of format version 2 (before F1 joined each epoch's metrics) still resume: their
 * history reads with F1 unknown (NaN) and everything else as written.
 */
class CheckpointVersionTest {
  @Test
  void aVersion2CheckpointReadsWithF1Unknown() throws IOException {
    Checkpoint c = CheckpointFuzzTest.checkpoint();
    byte[] v3 = CheckpointFuzzTest.bytes(c);
    // The v3 body without the history's F1 (the 8 bytes after accuracy), framed as version 2.
    byte[] body = ChecksummedFrame.read(new ByteArrayInputStream(v3), frame(3), "v3");
    EpochMetrics m = c.history().get(0);
    byte[] lossAndAccuracy =
        ByteBuffer.allocate(16)
            .putDouble(m.validationLoss())
            .putDouble(m.validationAccuracy())
            .array();
    int at = indexOf(body, lossAndAccuracy) + 16;
    assertTrue(at >= 16, "the history's metrics are in the body");
    assertEquals(m.validationF1(), ByteBuffer.wrap(body, at, 8).getDouble());
    ByteArrayOutputStream v2body = new ByteArrayOutputStream();
    v2body.write(body, 0, at);
    v2body.write(body, at + 8, body.length - at - 8);
    ByteArrayOutputStream v2 = new ByteArrayOutputStream();
    ChecksummedFrame.write(v2, frame(2), v2body.toByteArray());

    Checkpoint read =
        CheckpointStore.readStored(new ByteArrayInputStream(v2.toByteArray()), "v2").checkpoint();
    EpochMetrics e = read.history().get(0);
    assertTrue(Double.isNaN(e.validationF1()), "F1 unknown in a version 2 history");
    assertEquals(m.validationAccuracy(), e.validationAccuracy());
    assertEquals(m.seconds(), e.seconds());
    assertEquals(c.step(), read.step());
    assertArrayEquals(c.bestParameters(), read.bestParameters());
    assertArrayEquals(c.serverSnapshot(), read.serverSnapshot());
  }

  private static ChecksummedFrame.Kind frame(int version) {
    return new ChecksummedFrame.Kind(
        CheckpointStore.MAGIC,
        version,
        " is not a checkpoint",
        "checkpoint format",
        "checkpoint",
        InvalidCheckpointException::new);
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
