package org.descent.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.Path;
import org.descent.nn.model.InvalidModelException;
import org.descent.nn.model.SavedModel;
import org.descent.nn.onnx.OnnxExport;

/** Writes a model as an ONNX file on any Hadoop file system (the CLI's export and spark.ml's). */
public final class OnnxFile {
  private OnnxFile() {}

  /**
   * Writes {@code model} to {@code target} atomically.
   *
   * @return the file's size in bytes
   * @throws InvalidModelException if the model has no ONNX form (e.g. too large for protobuf)
   */
  public static int write(SavedModel model, Path target, Configuration conf, String modelName) {
    byte[] onnx;
    try {
      onnx = OnnxExport.toBytes(model);
    } catch (IllegalArgumentException e) {
      throw new InvalidModelException("cannot export " + modelName + " as ONNX: " + e.getMessage());
    }
    HadoopFiles.writeAtomically(target, conf, stream -> stream.write(onnx));
    dropChecksumSidecar(target, conf);
    return onnx.length;
  }

  /**
   * The local file system writes a hidden {@code .NAME.crc} next to each file; an ONNX file is for
   * other tools, which neither read nor expect it, so it is removed (Hadoop reads fine without).
   */
  private static void dropChecksumSidecar(Path target, Configuration conf) {
    if (HadoopFiles.fileSystem(target, conf) instanceof ChecksumFileSystem fs) {
      try {
        fs.getRawFileSystem().delete(fs.getChecksumFile(target), false);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove the checksum file of " + target, e);
      }
    }
  }
}
