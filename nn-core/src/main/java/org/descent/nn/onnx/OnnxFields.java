package org.descent.nn.onnx;

/**
 * Field numbers and enum values of the ONNX messages the exporter writes, copied from onnx.proto
 * (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto; the numbers are frozen by protobuf's
 * compatibility rules, so they hold for every IR version).
 */
final class OnnxFields {
  private OnnxFields() {}

  /** message ModelProto. */
  static final class Model {
    static final int IR_VERSION = 1;
    static final int PRODUCER_NAME = 2;
    static final int PRODUCER_VERSION = 3;
    static final int DOMAIN = 4;
    static final int MODEL_VERSION = 5;
    static final int DOC_STRING = 6;
    static final int GRAPH = 7;
    static final int OPSET_IMPORT = 8;
    static final int METADATA_PROPS = 14;

    private Model() {}
  }

  /** message OperatorSetIdProto. */
  static final class OperatorSetId {
    static final int DOMAIN = 1;
    static final int VERSION = 2;

    private OperatorSetId() {}
  }

  /** message StringStringEntryProto. */
  static final class StringStringEntry {
    static final int KEY = 1;
    static final int VALUE = 2;

    private StringStringEntry() {}
  }

  /** message GraphProto. */
  static final class Graph {
    static final int NODE = 1;
    static final int NAME = 2;
    static final int INITIALIZER = 5;
    static final int DOC_STRING = 10;
    static final int INPUT = 11;
    static final int OUTPUT = 12;

    private Graph() {}
  }

  /** message NodeProto. */
  static final class Node {
    static final int INPUT = 1;
    static final int OUTPUT = 2;
    static final int NAME = 3;
    static final int OP_TYPE = 4;
    static final int ATTRIBUTE = 5;

    private Node() {}
  }

  /** message AttributeProto and its enum AttributeType. */
  static final class Attribute {
    static final int NAME = 1;
    static final int F = 2;
    static final int I = 3;
    static final int TYPE = 20;

    static final int TYPE_FLOAT = 1;
    static final int TYPE_INT = 2;

    private Attribute() {}
  }

  /** message TensorProto and its enum DataType. */
  static final class Tensor {
    static final int DIMS = 1;
    static final int DATA_TYPE = 2;
    static final int FLOAT_DATA = 4;
    static final int NAME = 8;

    static final int DATA_TYPE_FLOAT = 1;

    private Tensor() {}
  }

  /** message ValueInfoProto. */
  static final class ValueInfo {
    static final int NAME = 1;
    static final int TYPE = 2;
    static final int DOC_STRING = 3;

    private ValueInfo() {}
  }

  /** message TypeProto (field tensor_type) and TypeProto.Tensor. */
  static final class Type {
    static final int TENSOR_TYPE = 1;
    static final int TENSOR_ELEM_TYPE = 1;
    static final int TENSOR_SHAPE = 2;

    private Type() {}
  }

  /** message TensorShapeProto and TensorShapeProto.Dimension. */
  static final class Shape {
    static final int DIM = 1;
    static final int DIM_VALUE = 1;
    static final int DIM_PARAM = 2;

    private Shape() {}
  }
}
