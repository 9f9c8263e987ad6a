package org.descent.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.descent.io.HadoopFiles;
import org.descent.io.ModelStore;
import org.descent.nn.Names;
import org.descent.nn.model.InvalidModelException;
import org.descent.nn.model.SavedModel;
import org.descent.nn.onnx.OnnxExport;
import org.descent.ps.InvalidConfigException;
import scala.Tuple2;

/**
 * {@code descent export --model DIR --format onnx --output FILE}: writes a saved model in another
 * format (ONNX: docs/onnx.md), atomically, on any Hadoop file system. Needs no Spark job: the
 * Hadoop configuration is the default one plus the {@code spark.hadoop.*} settings, as Spark would
 * build it.
 */
final class ExportCommand {
  static final List<String> FORMATS = List.of("onnx");

  private final CliOptions options;
  private final PrintStream out;

  ExportCommand(CliOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  void run() {
    String modelDir = options.require(options.model(), "--model", "--model out/model");
    String format = format(options.require(options.format(), "--format", "--format onnx"));
    String output = options.require(options.output(), "--output", "--output model.onnx");
    Configuration conf = hadoopConfiguration();
    SavedModel model = ModelStore.load(modelDir, conf);
    byte[] onnx;
    try {
      onnx = OnnxExport.toBytes(model);
    } catch (IllegalArgumentException e) {
      throw new InvalidModelException("cannot export " + modelDir + " as ONNX: " + e.getMessage());
    }
    Path target = new Path(output);
    HadoopFiles.writeAtomically(target, conf, stream -> stream.write(onnx));
    dropChecksumSidecar(target, conf);
    int width = model.spec().outputWidth();
    out.println(
        "export: wrote "
            + target
            + " ("
            + format
            + ", opset "
            + OnnxExport.OPSET
            + ", "
            + onnx.length
            + " bytes): input "
            + OnnxExport.FEATURES
            + " [N, "
            + model.spec().inputWidth()
            + "] -> "
            + String.join(
                ", ",
                OnnxExport.outputNames(model.spec().loss()).stream()
                    .map(n -> n + " [N, " + width + "]")
                    .toList()));
  }

  /** The format name, or a one-line usage error listing the supported ones. */
  static String format(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(key)) {
      throw new InvalidConfigException(
          "--format",
          "unknown export format '"
              + name
              + "'"
              + Names.suggestion(key, FORMATS.toArray(String[]::new))
              + "; supported formats: "
              + String.join(", ", FORMATS));
    }
    return key;
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

  /** Hadoop's defaults (core-site.xml etc. on the classpath) plus spark.hadoop.* properties. */
  private static Configuration hadoopConfiguration() {
    Configuration conf = new Configuration();
    for (Tuple2<String, String> e : new SparkConf(true).getAllWithPrefix("spark.hadoop.")) {
      conf.set(e._1(), e._2());
    }
    return conf;
  }
}
