package org.descent.nn.onnx;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.descent.nn.Loss;
import org.descent.nn.model.SavedModel;

/**
 * Exports a {@link SavedModel} as an ONNX model (IR version {@value #IR_VERSION}, default-domain
 * opset {@value #OPSET}) that ONNX Runtime and other ONNX tools run with the same results as
 * Descent's own inference, up to float rounding.
 *
 * <p>The graph has one input, {@value #FEATURES}: float {@code [N, inputWidth]} with a dynamic
 * batch dimension {@code N}, the <em>raw</em> features (the model's feature scaling is part of the
 * graph). Its outputs, all float {@code [N, width]}, depend on the head:
 *
 * <ul>
 *   <li>softmax: {@value #PROBABILITIES} {@code [N, classes]} and {@value #LOGITS} {@code [N,
 *       classes]};
 *   <li>sigmoid: {@value #PROBABILITY} {@code [N, 1]} (of class 1) and {@value #LOGITS} {@code [N,
 *       1]};
 *   <li>hinge: {@value #SCORES} {@code [N, classes]};
 *   <li>mse: {@value #PREDICTIONS} {@code [N, outputs]} in the target's units (the model's target
 *       scaling is inverted in the graph).
 * </ul>
 *
 * Batch norm is folded into the preceding dense layer ({@link BatchNormFolding}); dropout, the
 * identity at inference, is left out. The model's provenance becomes the ONNX metadata. Every
 * activation Descent has is expressible in this opset; see {@code docs/onnx.md}.
 */
public final class OnnxExport {
  /** The ONNX IR version written (the one that goes with opset 17). */
  public static final int IR_VERSION = 8;

  /** The version of the default ONNX operator set the graph uses. */
  public static final int OPSET = 17;

  /** The graph input: raw features. */
  public static final String FEATURES = "features";

  /** Softmax head output: class probabilities. */
  public static final String PROBABILITIES = "probabilities";

  /** Sigmoid head output: probability of class 1. */
  public static final String PROBABILITY = "probability";

  /** Softmax and sigmoid head output: the output layer's linear scores. */
  public static final String LOGITS = "logits";

  /** Hinge head output: raw class scores. */
  public static final String SCORES = "scores";

  /** Regression (mse) head output: predictions in the target's units. */
  public static final String PREDICTIONS = "predictions";

  /** Above this a protobuf message (a whole ONNX file without external data) passes 2 GB. */
  static final long MAX_PARAMETERS = 500_000_000L;

  private OnnxExport() {}

  /** The ONNX model as bytes. */
  public static byte[] toBytes(SavedModel model) {
    return modelProto(model).toByteArray();
  }

  /** Writes the ONNX model to {@code out} (which stays open). */
  public static void write(SavedModel model, OutputStream out) throws IOException {
    modelProto(model).writeTo(out);
  }

  /** The names of the graph's outputs for {@code head}, main output first. */
  public static List<String> outputNames(Loss head) {
    return switch (head) {
      case SOFTMAX_CROSS_ENTROPY -> List.of(PROBABILITIES, LOGITS);
      case BINARY_SIGMOID_CROSS_ENTROPY -> List.of(PROBABILITY, LOGITS);
      case MULTICLASS_HINGE -> List.of(SCORES);
      case MEAN_SQUARED_ERROR -> List.of(PREDICTIONS);
    };
  }

  /** Refuses a model whose weights alone would pass protobuf's 2 GB message limit. */
  static void checkFitsInOneFile(long parameters) {
    if (parameters > MAX_PARAMETERS) {
      throw new IllegalArgumentException(
          "the model has "
              + parameters
              + " parameters; an ONNX file without external data holds at most 2 GB (about "
              + MAX_PARAMETERS
              + " float parameters), and Descent does not write external data");
    }
  }

  private static ProtoWriter modelProto(SavedModel model) {
    checkFitsInOneFile(model.parameters().length);
    String doc =
        "Descent "
            + model.spec()
            + "; input "
            + FEATURES
            + " = raw features; outputs "
            + String.join(", ", outputNames(model.spec().loss()));
    ProtoWriter graph = NetworkGraph.of(model).build("descent", doc);
    ProtoWriter m = new ProtoWriter();
    m.varint(OnnxFields.Model.IR_VERSION, IR_VERSION);
    m.string(OnnxFields.Model.PRODUCER_NAME, "Descent");
    m.string(
        OnnxFields.Model.PRODUCER_VERSION,
        model.provenance().getOrDefault("descent.version", "dev"));
    m.string(OnnxFields.Model.DOMAIN, "org.descent");
    m.varint(OnnxFields.Model.MODEL_VERSION, 1);
    m.string(OnnxFields.Model.DOC_STRING, doc);
    m.message(OnnxFields.Model.GRAPH, graph);
    m.message(
        OnnxFields.Model.OPSET_IMPORT,
        new ProtoWriter()
            .string(OnnxFields.OperatorSetId.DOMAIN, "")
            .varint(OnnxFields.OperatorSetId.VERSION, OPSET));
    Map<String, String> metadata = new TreeMap<>(model.provenance());
    metadata.put("descent.network", model.spec().toString());
    metadata.put("descent.head", model.spec().loss().headName());
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      m.message(
          OnnxFields.Model.METADATA_PROPS,
          new ProtoWriter()
              .string(OnnxFields.StringStringEntry.KEY, e.getKey())
              .string(OnnxFields.StringStringEntry.VALUE, e.getValue()));
    }
    return m;
  }
}
