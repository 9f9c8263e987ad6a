package org.descent.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire format against protobuf's documented encodings and a round trip through a decoder. */
class ProtoWriterTest {
  @Test
  void varintsMatchProtobufsDocumentedEncoding() {
    // protobuf.dev/programming-guides/encoding: field 1 = 150 is 08 96 01.
    assertArrayEquals(bytes(0x08, 0x96, 0x01), new ProtoWriter().varint(1, 150).toByteArray());
    assertArrayEquals(bytes(0x08, 0x00), new ProtoWriter().varint(1, 0).toByteArray());
    // int64 −1 takes ten bytes.
    assertArrayEquals(
        bytes(0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01),
        new ProtoWriter().varint(2, -1).toByteArray());
  }

  @Test
  void stringsAndMessagesAreLengthPrefixed() {
    // field 2 = "testing" is 12 07 74 65 73 74 69 6e 67.
    assertArrayEquals(
        bytes(0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67),
        new ProtoWriter().string(2, "testing").toByteArray());
    // field 3 = {field 1 = 150} is 1a 03 08 96 01.
    assertArrayEquals(
        bytes(0x1a, 0x03, 0x08, 0x96, 0x01),
        new ProtoWriter().message(3, new ProtoWriter().varint(1, 150)).toByteArray());
  }

  @Test
  void floatsAreLittleEndianAndPackedFloatsShareOneLength() {
    assertArrayEquals(
        bytes(0x15, 0x00, 0x00, 0x80, 0x3f), new ProtoWriter().float32(2, 1f).toByteArray());
    assertArrayEquals(
        bytes(0x22, 0x08, 0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0),
        new ProtoWriter().packedFloats(4, new float[] {1f, -2f}).toByteArray());
    // packed int64s 3, 270: 0a 03 03 8e 02.
    assertArrayEquals(
        bytes(0x0a, 0x03, 0x03, 0x8e, 0x02),
        new ProtoWriter().packedVarints(1, new long[] {3, 270}).toByteArray());
  }

  @Test
  void aDecoderReadsBackWhatWasWritten() {
    byte[] b =
        new ProtoWriter()
            .varint(1, 8)
            .string(2, "Descent")
            .message(7, new ProtoWriter().string(2, "g"))
            .toByteArray();
    List<ProtoReader.Field> f = ProtoReader.fields(b);
    assertEquals(3, f.size());
    assertEquals(8, f.get(0).value());
    assertEquals("Descent", f.get(1).text());
    assertEquals("g", ProtoReader.all(f.get(2).bytes(), 2).get(0).text());
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }
}
