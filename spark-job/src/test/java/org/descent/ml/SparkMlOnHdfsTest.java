package org.descent.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.descent.sparktest.MiniHdfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** spark.ml models and pipelines save to and load from hdfs:// (a MiniDFSCluster on loopback). */
class SparkMlOnHdfsTest {
  @RegisterExtension static final MiniHdfs HDFS = new MiniHdfs();

  @Test
  void aPipelineAndAModelRoundTripThroughHdfs() throws Exception {
    SparkSession.Builder builder =
        SparkSession.builder()
            .master("local[2]")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false");
    for (String[] kv : MiniHdfs.clientSettings()) {
      builder.config(kv[0], kv[1]);
    }
    SparkSession spark = builder.getOrCreate();
    try {
      Dataset<Row> iris =
          spark
              .read()
              .option("header", "true")
              .option("inferSchema", "true")
              .csv("../data/iris.csv");
      PipelineModel fitted =
          new Pipeline()
              .setStages(
                  new PipelineStage[] {
                    new VectorAssembler()
                        .setInputCols(
                            new String[] {
                              "sepal_length", "sepal_width", "petal_length", "petal_width"
                            })
                        .setOutputCol("features"),
                    new DescentClassifier().setHiddenLayers(8).setEpochs(3).setBatchSize(50)
                  })
              .fit(iris);
      String pipelineUri = HDFS.uri() + "/models/iris-pipeline";
      fitted.write().overwrite().save(pipelineUri);
      DescentClassificationModel model = (DescentClassificationModel) fitted.stages()[1];
      String modelUri = HDFS.uri() + "/models/iris-descent";
      model.write().overwrite().save(modelUri);
      model.exportOnnx(HDFS.uri() + "/models/iris.onnx");
      assertTrue(HDFS.fileSystem().exists(new Path("/models/iris-descent/data/model.bin")));
      assertTrue(HDFS.fileSystem().exists(new Path("/models/iris.onnx")));

      Dataset<Row> expected = fitted.transform(iris).select("probability");
      assertEquals(
          expected.collectAsList(),
          PipelineModel.load(pipelineUri).transform(iris).select("probability").collectAsList());
      DescentClassificationModel loaded = DescentClassificationModel.load(modelUri);
      assertEquals(model.trainingHistory(), loaded.trainingHistory());
      Dataset<Row> features = fitted.stages()[0].transform(iris);
      assertEquals(
          expected.collectAsList(),
          loaded.transform(features).select("probability").collectAsList());
    } finally {
      spark.stop();
    }
  }
}
