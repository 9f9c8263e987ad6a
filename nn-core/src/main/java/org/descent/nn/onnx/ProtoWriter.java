package org.descent.nn.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes one protocol-buffers message in the binary wire format
 * (https://protobuf.dev/programming-guides/encoding/): each field is a tag varint {@code (field <<
 * 3) | wireType} followed by a varint (wire type 0), a little-endian 32-bit value (5) or a
 * length-prefixed run of bytes (2: strings, nested messages, packed repeated scalars). Just enough
 * of protobuf for an ONNX model, so the main code needs no protobuf or onnx library.
 */
final class ProtoWriter {
  private static final int VARINT = 0;
  private static final int LENGTH_DELIMITED = 2;
  private static final int FIXED32 = 5;

  private final Buffer out = new Buffer();

  /** An int32, int64 or enum field; negative values take ten bytes, as protobuf's int64 does. */
  ProtoWriter varint(int field, long value) {
    tag(field, VARINT);
    writeVarint(value);
    return this;
  }

  /** A float field (wire type 5). */
  ProtoWriter float32(int field, float value) {
    tag(field, FIXED32);
    writeFixed32(Float.floatToIntBits(value));
    return this;
  }

  /** A string field, UTF-8. */
  ProtoWriter string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  /** A bytes field. */
  ProtoWriter bytes(int field, byte[] value) {
    tag(field, LENGTH_DELIMITED);
    writeVarint(value.length);
    out.write(value, 0, value.length);
    return this;
  }

  /** An embedded message field. */
  ProtoWriter message(int field, ProtoWriter message) {
    tag(field, LENGTH_DELIMITED);
    writeVarint(message.out.size());
    message.out.appendTo(out);
    return this;
  }

  /** A packed repeated float field: one length prefix, then 4 little-endian bytes per value. */
  ProtoWriter packedFloats(int field, float[] values) {
    tag(field, LENGTH_DELIMITED);
    writeVarint(4L * values.length);
    for (float v : values) {
      writeFixed32(Float.floatToIntBits(v));
    }
    return this;
  }

  /** A packed repeated int64 field. */
  ProtoWriter packedVarints(int field, long[] values) {
    ProtoWriter body = new ProtoWriter();
    for (long v : values) {
      body.writeVarint(v);
    }
    tag(field, LENGTH_DELIMITED);
    writeVarint(body.out.size());
    body.out.appendTo(out);
    return this;
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  void writeTo(OutputStream target) throws IOException {
    out.writeTo(target);
  }

  private void tag(int field, int wireType) {
    if (field <= 0 || field >= 1 << 29) {
      throw new IllegalArgumentException("protobuf field number " + field + " is out of range");
    }
    writeVarint(((long) field << 3) | wireType);
  }

  private void writeVarint(long value) {
    long v = value;
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private void writeFixed32(int bits) {
    out.write(bits);
    out.write(bits >>> 8);
    out.write(bits >>> 16);
    out.write(bits >>> 24);
  }

  /** A byte buffer that appends itself to another without the copy {@code toByteArray} makes. */
  private static final class Buffer extends ByteArrayOutputStream {
    void appendTo(ByteArrayOutputStream target) {
      target.write(buf, 0, count);
    }
  }
}
