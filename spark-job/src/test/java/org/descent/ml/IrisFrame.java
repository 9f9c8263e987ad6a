package org.descent.ml;

import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The bundled iris data as the spark.ml tests use it: its columns plus a "features" vector. */
final class IrisFrame {
  private IrisFrame() {}

  /** data/iris.csv in 2 partitions with the four measurements assembled into "features". */
  static Dataset<Row> read(SparkSession spark) {
    Dataset<Row> raw =
        spark
            .read()
            .option("header", "true")
            .option("inferSchema", "true")
            .csv("../data/iris.csv")
            .repartition(2);
    return new VectorAssembler()
        .setInputCols(new String[] {"sepal_length", "sepal_width", "petal_length", "petal_width"})
        .setOutputCol("features")
        .transform(raw);
  }
}
