package org.descent.nn.onnx;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal protobuf decoder for tests: reads the fields of one message, so a test can look inside
 * an exported model (e.g. list the graph's operator types) without an onnx library.
 */
final class ProtoReader {
  /** One field: its number and, for length-delimited fields, its bytes; else its varint/bits. */
  record Field(int number, int wireType, long value, byte[] bytes) {
    String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private ProtoReader() {}

  static List<Field> fields(byte[] message) {
    List<Field> fields = new ArrayList<>();
    int[] pos = {0};
    while (pos[0] < message.length) {
      long tag = varint(message, pos);
      int number = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      switch (wire) {
        case 0 -> fields.add(new Field(number, wire, varint(message, pos), null));
        case 2 -> {
          int n = (int) varint(message, pos);
          byte[] b = java.util.Arrays.copyOfRange(message, pos[0], pos[0] + n);
          pos[0] += n;
          fields.add(new Field(number, wire, n, b));
        }
        case 5 -> {
          long bits = 0;
          for (int i = 0; i < 4; i++) {
            bits |= (long) (message[pos[0]++] & 0xFF) << (8 * i);
          }
          fields.add(new Field(number, wire, bits, null));
        }
        default -> throw new IllegalArgumentException("wire type " + wire + " at " + pos[0]);
      }
    }
    return fields;
  }

  /** The fields numbered {@code number}. */
  static List<Field> all(byte[] message, int number) {
    return fields(message).stream().filter(f -> f.number() == number).toList();
  }

  /** The op_type of every node of the model's graph, in order. */
  static List<String> opTypes(byte[] model) {
    byte[] graph = all(model, OnnxFields.Model.GRAPH).get(0).bytes();
    List<String> ops = new ArrayList<>();
    for (Field node : all(graph, OnnxFields.Graph.NODE)) {
      ops.add(all(node.bytes(), OnnxFields.Node.OP_TYPE).get(0).text());
    }
    return ops;
  }

  /** The names of the graph's initializers, in order. */
  static List<String> initializerNames(byte[] model) {
    byte[] graph = all(model, OnnxFields.Model.GRAPH).get(0).bytes();
    List<String> names = new ArrayList<>();
    for (Field t : all(graph, OnnxFields.Graph.INITIALIZER)) {
      names.add(all(t.bytes(), OnnxFields.Tensor.NAME).get(0).text());
    }
    return names;
  }

  /** The value of integer attribute {@code name} of every node that has it, in node order. */
  static List<Long> intAttributes(byte[] model, String name) {
    byte[] graph = all(model, OnnxFields.Model.GRAPH).get(0).bytes();
    List<Long> values = new ArrayList<>();
    for (Field node : all(graph, OnnxFields.Graph.NODE)) {
      for (Field a : all(node.bytes(), OnnxFields.Node.ATTRIBUTE)) {
        if (all(a.bytes(), OnnxFields.Attribute.NAME).get(0).text().equals(name)) {
          values.add(all(a.bytes(), OnnxFields.Attribute.I).get(0).value());
        }
      }
    }
    return values;
  }

  private static long varint(byte[] b, int[] pos) {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int x = b[pos[0]++] & 0xFF;
      result |= (long) (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        return result;
      }
    }
    throw new IllegalArgumentException("varint longer than 10 bytes");
  }
}
