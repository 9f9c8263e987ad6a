package org.descent.ml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The golden spark.ml model in test resources: a PipelineModel (VectorAssembler → DescentClassifier
 * with batch norm and dropout) fitted on the bundled iris data, saved, with the probabilities it
 * gave. {@link GoldenSparkMlModelTest} loads it and must reproduce them, so a change of the model
 * format or of the Params is noticed. Written once with {@link #main}; rewrite it only for a
 * deliberate format change (and say so in docs/verification.md).
 */
final class GoldenSparkMlModel {
  static final Path DIR = Path.of("src/test/resources/golden/spark-ml-pipeline");
  static final Path PREDICTIONS = Path.of("src/test/resources/golden/spark-ml-predictions.txt");

  private GoldenSparkMlModel() {}

  static Dataset<Row> iris(SparkSession spark) {
    return spark
        .read()
        .option("header", "true")
        .option("inferSchema", "true")
        .csv("../data/iris.csv")
        .coalesce(1);
  }

  /** One line per row: its probability vector, comma-separated, each value exact. */
  static List<String> probabilities(PipelineModel model, Dataset<Row> rows) {
    return model.transform(rows).select("probability").collectAsList().stream()
        .map(r -> join(((Vector) r.get(0)).toArray()))
        .toList();
  }

  private static String join(double[] values) {
    StringBuilder sb = new StringBuilder();
    for (double v : values) {
      sb.append(sb.length() == 0 ? "" : ",").append(v);
    }
    return sb.toString();
  }

  /** Run from the spark-job directory with the test classpath. */
  public static void main(String[] args) throws IOException {
    SparkSession spark = SparkSession.builder().master("local[2]").getOrCreate();
    try {
      Dataset<Row> iris = iris(spark);
      PipelineModel model =
          new org.apache.spark.ml.Pipeline()
              .setStages(
                  new org.apache.spark.ml.PipelineStage[] {
                    new org.apache.spark.ml.feature.VectorAssembler()
                        .setInputCols(
                            new String[] {
                              "sepal_length", "sepal_width", "petal_length", "petal_width"
                            })
                        .setOutputCol("features"),
                    new DescentClassifier()
                        .setHiddenLayers(8, 6)
                        .setConfig("model.batchNorm", "true")
                        .setConfig("model.dropout", "0.1")
                        .setLearningRate(0.02)
                        .setBatchSize(25)
                        .setEpochs(10)
                        .setSeed(11)
                  })
              .fit(iris);
      model.write().overwrite().save(DIR.toAbsolutePath().toUri().toString());
      Files.write(PREDICTIONS, probabilities(model, iris), StandardCharsets.UTF_8);
    } finally {
      spark.stop();
    }
  }
}
