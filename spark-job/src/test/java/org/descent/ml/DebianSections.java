package org.descent.ml;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.Tokenizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The bundled Debian package descriptions (data/debian-sections.tsv.gz: label, section, text) and
 * the hashed-text pipeline the sparse test fits on them (bench/spark's SparseTextBench builds the
 * same).
 */
final class DebianSections {
  private DebianSections() {}

  static Dataset<Row> read(SparkSession spark, String path) {
    StructType schema =
        new StructType()
            .add("label", DataTypes.DoubleType)
            .add("section", DataTypes.StringType)
            .add("text", DataTypes.StringType);
    return spark.read().option("sep", "\t").schema(schema).csv(path);
  }

  static PipelineStage[] features(int numFeatures) {
    return new PipelineStage[] {
      new Tokenizer().setInputCol("text").setOutputCol("words"),
      new HashingTF().setInputCol("words").setOutputCol("features").setNumFeatures(numFeatures)
    };
  }

  /** No hidden layer (softmax regression, LR's model), counts unscaled, Adam. */
  static DescentClassifier descent() {
    return new DescentClassifier()
        .setHiddenLayers()
        .setScaling("none")
        .setStepSize(0.02)
        .setBatchSize(64)
        .setMaxIter(8)
        .setSeed(7)
        .setConfig("validationFraction", "0");
  }

  static Pipeline pipeline(int numFeatures, PipelineStage classifier) {
    PipelineStage[] f = features(numFeatures);
    return new Pipeline().setStages(new PipelineStage[] {f[0], f[1], classifier});
  }
}
