package org.descent.data;

import static org.descent.data.DataFixtures.classifier;
import static org.descent.data.DataFixtures.idxImages;
import static org.descent.data.DataFixtures.idxLabels;
import static org.descent.data.DataFixtures.regression;
import static org.descent.data.DataFixtures.rows;
import static org.descent.data.DataFixtures.settings;
import static org.descent.data.DataFixtures.write;
import static org.descent.data.DataFixtures.writeGzip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.descent.spark.DescentKryoRegistrator;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every format reads into the rows the file holds: values, labels and row count. */
class DataReadersTest {
  @RegisterExtension
  static final LocalSpark SPARK =
      LocalSpark.withCores(2).withKryo(DescentKryoRegistrator.class.getName());

  @TempDir Path dir;

  @Test
  void csvReadsTheLabelColumnByNameAndEveryOtherColumnAsAFeature() {
    Path csv = write(dir.resolve("d.csv"), "a,label,b\n1,2,0.5\n\n2,0,-1.25\n3,1,1e-3\n");
    TrainingData d = TrainingData.load(SPARK.session(), settings("csv", csv), classifier(2, 3));
    List<float[]> rows = rows(d.train());
    assertEquals(3, d.trainRows());
    assertArrayEquals(new float[] {1, 0.5f, 2}, rows.get(0));
    assertArrayEquals(new float[] {2, -1.25f, 0}, rows.get(1));
    assertArrayEquals(new float[] {3, 1e-3f, 1}, rows.get(2));
  }

  @Test
  void csvReadsOnlyTheListedFeatureColumnsInTheirOrderAndSeveralRegressionTargets() {
    Path csv = write(dir.resolve("r.csv"), "x,y1,z,y2,w\n1,10,7,20,5\n2,11,8,21,6\n");
    DataSettings s =
        settings("csv", csv, "data.labelColumn", "y1,y2", "data.featureColumns", "x,w,z");
    TrainingData d = TrainingData.load(SPARK.session(), s, regression(3, 2));
    List<float[]> rows = rows(d.train());
    assertArrayEquals(new float[] {1, 5, 7, 10, 20}, rows.get(0));
    assertArrayEquals(new float[] {2, 6, 8, 11, 21}, rows.get(1));
  }

  @Test
  void csvReadsEveryFileOfADirectoryIncludingGzippedOnes() {
    Path sub = dir.resolve("parts");
    sub.toFile().mkdirs();
    write(sub.resolve("a.csv"), "label,f\n0,1\n1,2\n");
    writeGzip(sub.resolve("b.csv.gz"), "label,f\n1,3\n".getBytes());
    write(sub.resolve("_SUCCESS"), "");
    TrainingData d = TrainingData.load(SPARK.session(), settings("csv", sub), classifier(1, 2));
    assertEquals(List.of(1f, 2f, 3f), DataFixtures.ids(d.train()));
    assertEquals(3, d.trainRows());
  }

  @Test
  void libsvmReadsSparseOneBasedIndicesIntoDenseRowsOfTheInputWidth() {
    Path f = write(dir.resolve("d.libsvm"), "1 1:0.5 3:2\n0 2:-1 # comment\n\n2 1:3 2:4 3:5 4:6\n");
    TrainingData d = TrainingData.load(SPARK.session(), settings("libsvm", f), classifier(4, 3));
    List<float[]> rows = rows(d.train());
    assertEquals(3, rows.size());
    assertArrayEquals(new float[] {0, -1, 0, 0, 0}, rows.get(0));
    assertArrayEquals(new float[] {0.5f, 0, 2, 0, 1}, rows.get(1));
    assertArrayEquals(new float[] {3, 4, 5, 6, 2}, rows.get(2));
  }

  @Test
  void parquetReadsAnMlVectorFeaturesColumnAndTheLabel() {
    SparkSession spark = SPARK.session();
    StructType schema =
        new StructType()
            .add("label", DataTypes.IntegerType)
            .add("features", SQLDataTypes.VectorType());
    List<Row> data = new ArrayList<>();
    data.add(RowFactory.create(1, Vectors.dense(1, 2, 3)));
    data.add(RowFactory.create(0, Vectors.sparse(3, new int[] {1}, new double[] {-4})));
    String out = dir.resolve("v.parquet").toString();
    spark.createDataFrame(data, schema).coalesce(1).write().parquet(out);
    TrainingData d = TrainingData.load(spark, settings("parquet", out), classifier(3, 2));
    List<float[]> rows = rows(d.train());
    assertArrayEquals(new float[] {0, -4, 0, 0}, rows.get(0));
    assertArrayEquals(new float[] {1, 2, 3, 1}, rows.get(1));
  }

  @Test
  void parquetReadsAnArrayOfFloatsColumnNamedInFeatureColumns() {
    SparkSession spark = SPARK.session();
    StructType schema =
        new StructType()
            .add("pixels", DataTypes.createArrayType(DataTypes.FloatType))
            .add("y", DataTypes.DoubleType);
    List<Row> data = new ArrayList<>();
    data.add(RowFactory.create(new float[] {5f, 6f}, 1.0));
    data.add(RowFactory.create(new float[] {7f, 8f}, 0.0));
    String out = dir.resolve("a.parquet").toString();
    spark
        .createDataFrame(data, schema)
        .selectExpr("transform(pixels, x -> x) as pixels", "y")
        .write()
        .parquet(out);
    DataSettings s =
        settings("parquet", out, "data.featureColumns", "pixels", "data.labelColumn", "y");
    List<float[]> rows = rows(TrainingData.load(spark, s, classifier(2, 2)).train());
    assertArrayEquals(new float[] {5, 6, 1}, rows.get(0));
    assertArrayEquals(new float[] {7, 8, 0}, rows.get(1));
  }

  @Test
  void parquetReadsListedNumericColumnsAsFeatures() {
    SparkSession spark = SPARK.session();
    String out = dir.resolve("c.parquet").toString();
    spark
        .sql("select id as a, id * 2 as b, cast(id % 2 as double) as label from range(4)")
        .write()
        .parquet(out);
    DataSettings s = settings("parquet", out, "data.featureColumns", "b,a");
    List<float[]> rows = rows(TrainingData.load(spark, s, classifier(2, 2)).train());
    assertEquals(4, rows.size());
    for (int i = 0; i < 4; i++) {
      assertArrayEquals(new float[] {2 * i, i, i % 2}, rows.get(i));
    }
  }

  @Test
  void idxReadsGzippedImagesWithTheirLabelsAsPixelValues0To255() throws IOException {
    int[][] images = {{0, 255, 7, 8}, {1, 2, 3, 4}, {9, 10, 11, 200}};
    int[] labels = {3, 0, 9};
    writeGzip(dir.resolve("train-images-idx3-ubyte.gz"), idxImages(images, 2, 2));
    writeGzip(dir.resolve("train-labels-idx1-ubyte.gz"), idxLabels(labels));
    Path images3 = dir.resolve("train-images-idx3-ubyte.gz");
    DataSettings s = settings("idx", images3, "train.partitions", "2");
    TrainingData d = TrainingData.load(SPARK.session(), s, classifier(4, 10));
    List<float[]> rows = rows(d.train());
    assertArrayEquals(new float[] {0, 255, 7, 8, 3}, rows.get(0));
    assertArrayEquals(new float[] {1, 2, 3, 4, 0}, rows.get(1));
    assertArrayEquals(new float[] {9, 10, 11, 200, 9}, rows.get(2));
    assertEquals(2, d.train().getNumPartitions());
  }

  @Test
  void idxFindsThePairInADirectoryOfUncompressedFiles() throws IOException {
    Path sub = dir.resolve("mnist");
    sub.toFile().mkdirs();
    int[][] images = new int[7][];
    int[] labels = new int[7];
    for (int i = 0; i < 7; i++) {
      images[i] = new int[] {i, 2 * i, 3 * i};
      labels[i] = i % 4;
    }
    Files.write(sub.resolve("t10k-images-idx3-ubyte"), idxImages(images, 1, 3));
    Files.write(sub.resolve("t10k-labels-idx1-ubyte"), idxLabels(labels));
    DataSettings s = settings("idx", sub, "train.partitions", "3");
    List<float[]> rows = rows(TrainingData.load(SPARK.session(), s, classifier(3, 4)).train());
    assertEquals(7, rows.size());
    for (int i = 0; i < 7; i++) {
      assertArrayEquals(new float[] {i, 2 * i, 3 * i, i % 4}, rows.get(i));
    }
  }
}
