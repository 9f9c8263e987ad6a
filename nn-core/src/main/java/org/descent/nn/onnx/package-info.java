/**
 * ONNX export of a saved model ({@link org.descent.nn.onnx.OnnxExport}): the inference graph —
 * feature scaling, dense layers with batch norm folded in, activations, head — written as an ONNX
 * ModelProto in protobuf's wire format by a small hand-written encoder, so nn-core needs no
 * protobuf or onnx library.
 */
package org.descent.nn.onnx;
