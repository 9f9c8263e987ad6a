package org.descent.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.descent.io.ModelStore;
import org.descent.io.OnnxFile;
import org.descent.nn.Names;
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
record ExportCommand(CliOptions options, PrintStream out) {
  static final List<String> FORMATS = List.of("onnx");

  void run() {
    String modelDir = options.require(options.model(), "--model", "--model out/model");
    String format = format(options.require(options.format(), "--format", "--format onnx"));
    String output = options.require(options.output(), "--output", "--output model.onnx");
    Configuration conf = hadoopConfiguration();
    SavedModel model = ModelStore.load(modelDir, conf);
    Path target = new Path(output);
    int bytes = OnnxFile.write(model, target, conf, modelDir);
    int width = model.spec().outputWidth();
    out.println(
        "export: wrote "
            + target
            + " ("
            + format
            + ", opset "
            + OnnxExport.OPSET
            + ", "
            + bytes
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
      String[] formats = FORMATS.toArray(String[]::new);
      throw new InvalidConfigException(
          "--format",
          Names.unknown("export format", name, formats, "supported formats", formats).getMessage());
    }
    return key;
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
