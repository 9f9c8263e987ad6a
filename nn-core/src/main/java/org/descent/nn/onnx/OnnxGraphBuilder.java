package org.descent.nn.onnx;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects an ONNX graph — nodes in topological order, float initialisers, float inputs and outputs
 * of shape {@code [N, width]} with a dynamic batch dimension {@code N} — and encodes it as a
 * GraphProto. Every value name is checked to be new, so a wiring mistake fails here rather than in
 * the runtime that loads the file.
 */
final class OnnxGraphBuilder {
  /** The symbolic name of the batch dimension of every input and output. */
  static final String BATCH_DIM = "N";

  private final List<ProtoWriter> nodes = new ArrayList<>();
  private final List<ProtoWriter> initializers = new ArrayList<>();
  private final List<ProtoWriter> inputs = new ArrayList<>();
  private final List<ProtoWriter> outputs = new ArrayList<>();
  private final Set<String> values = new HashSet<>();

  /** Declares the graph input {@code name}: float {@code [N, width]}. */
  String input(String name, int width, String doc) {
    define(name);
    inputs.add(valueInfo(name, width, doc));
    return name;
  }

  /** Declares the existing value {@code name} a graph output: float {@code [N, width]}. */
  void output(String name, int width, String doc) {
    if (!values.contains(name)) {
      throw new IllegalStateException("graph output " + name + " is computed by no node");
    }
    outputs.add(valueInfo(name, width, doc));
  }

  /** A float constant of shape {@code dims} (row-major); returns its name. */
  String constant(String name, float[] data, long... dims) {
    long count = 1;
    for (long d : dims) {
      count *= d;
    }
    if (count != data.length) {
      throw new IllegalArgumentException(
          "constant " + name + " has " + data.length + " values for " + count + " elements");
    }
    define(name);
    ProtoWriter t = new ProtoWriter();
    if (dims.length > 0) {
      t.packedVarints(OnnxFields.Tensor.DIMS, dims);
    }
    t.varint(OnnxFields.Tensor.DATA_TYPE, OnnxFields.Tensor.DATA_TYPE_FLOAT);
    t.packedFloats(OnnxFields.Tensor.FLOAT_DATA, data);
    t.string(OnnxFields.Tensor.NAME, name);
    initializers.add(t);
    return name;
  }

  /** Whether a value (input, constant or node output) of this name exists already. */
  boolean defines(String name) {
    return values.contains(name);
  }

  /** A float scalar (rank-0) constant; returns its name. */
  String scalar(String name, float value) {
    return constant(name, new float[] {value});
  }

  /** Adds a node {@code opType(inputs) -> output}, named after its output; returns the output. */
  String node(String opType, List<String> nodeInputs, String output, ProtoWriter... attributes) {
    for (String in : nodeInputs) {
      if (!values.contains(in)) {
        throw new IllegalStateException(opType + " node " + output + " reads undefined " + in);
      }
    }
    define(output);
    ProtoWriter n = new ProtoWriter();
    for (String in : nodeInputs) {
      n.string(OnnxFields.Node.INPUT, in);
    }
    n.string(OnnxFields.Node.OUTPUT, output);
    n.string(OnnxFields.Node.NAME, output);
    n.string(OnnxFields.Node.OP_TYPE, opType);
    for (ProtoWriter a : attributes) {
      n.message(OnnxFields.Node.ATTRIBUTE, a);
    }
    nodes.add(n);
    return output;
  }

  /** A float attribute for {@link #node}. */
  static ProtoWriter floatAttribute(String name, float value) {
    return new ProtoWriter()
        .string(OnnxFields.Attribute.NAME, name)
        .varint(OnnxFields.Attribute.TYPE, OnnxFields.Attribute.TYPE_FLOAT)
        .float32(OnnxFields.Attribute.F, value);
  }

  /** An integer attribute for {@link #node}. */
  static ProtoWriter intAttribute(String name, long value) {
    return new ProtoWriter()
        .string(OnnxFields.Attribute.NAME, name)
        .varint(OnnxFields.Attribute.TYPE, OnnxFields.Attribute.TYPE_INT)
        .varint(OnnxFields.Attribute.I, value);
  }

  /** The GraphProto. */
  ProtoWriter build(String name, String doc) {
    ProtoWriter g = new ProtoWriter();
    for (ProtoWriter n : nodes) {
      g.message(OnnxFields.Graph.NODE, n);
    }
    g.string(OnnxFields.Graph.NAME, name);
    for (ProtoWriter t : initializers) {
      g.message(OnnxFields.Graph.INITIALIZER, t);
    }
    g.string(OnnxFields.Graph.DOC_STRING, doc);
    for (ProtoWriter i : inputs) {
      g.message(OnnxFields.Graph.INPUT, i);
    }
    for (ProtoWriter o : outputs) {
      g.message(OnnxFields.Graph.OUTPUT, o);
    }
    return g;
  }

  private void define(String name) {
    if (!values.add(name)) {
      throw new IllegalStateException("ONNX value " + name + " is defined twice");
    }
  }

  private static ProtoWriter valueInfo(String name, int width, String doc) {
    ProtoWriter shape =
        new ProtoWriter()
            .message(
                OnnxFields.Shape.DIM,
                new ProtoWriter().string(OnnxFields.Shape.DIM_PARAM, BATCH_DIM))
            .message(
                OnnxFields.Shape.DIM, new ProtoWriter().varint(OnnxFields.Shape.DIM_VALUE, width));
    ProtoWriter tensorType =
        new ProtoWriter()
            .varint(OnnxFields.Type.TENSOR_ELEM_TYPE, OnnxFields.Tensor.DATA_TYPE_FLOAT)
            .message(OnnxFields.Type.TENSOR_SHAPE, shape);
    return new ProtoWriter()
        .string(OnnxFields.ValueInfo.NAME, name)
        .message(
            OnnxFields.ValueInfo.TYPE,
            new ProtoWriter().message(OnnxFields.Type.TENSOR_TYPE, tensorType))
        .string(OnnxFields.ValueInfo.DOC_STRING, doc);
  }
}
