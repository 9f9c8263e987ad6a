package org.descent.data;

import static org.descent.data.DataFixtures.classifier;
import static org.descent.data.DataFixtures.rows;
import static org.descent.data.DataFixtures.settings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.descent.spark.DescentKryoRegistrator;
import org.descent.sparktest.LocalSpark;
import org.descent.sparktest.MiniHdfs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Input from hdfs:// URIs (a MiniDFSCluster on loopback, one per class). */
class HdfsInputTest {
  @RegisterExtension
  static final LocalSpark SPARK =
      LocalSpark.withCores(2).withKryo(DescentKryoRegistrator.class.getName());

  @RegisterExtension static final MiniHdfs HDFS = new MiniHdfs();

  static String uri;

  @BeforeAll
  static void pointSparkAtHdfs() {
    uri = HDFS.uri();
    // One datanode: files written through Spark's client would otherwise ask for 3 replicas.
    SPARK.session().sparkContext().hadoopConfiguration().set("dfs.replication", "1");
  }

  private static void put(String path, String text) {
    HDFS.write(path, text);
  }

  @Test
  void libsvmIsReadFromAnHdfsUri() throws IOException {
    put("/data/train.libsvm", "1 1:0.5 2:1\n0 2:-2\n2 1:7\n");
    DataSettings s = settings("libsvm", uri + "/data/train.libsvm");
    TrainingData d = TrainingData.load(SPARK.session(), s, classifier(2, 3));
    List<float[]> rows = rows(d.train());
    assertEquals(3, rows.size());
    assertArrayEquals(new float[] {0, -2, 0}, rows.get(0));
    assertArrayEquals(new float[] {0.5f, 1, 1}, rows.get(1));
    assertArrayEquals(new float[] {7, 0, 2}, rows.get(2));
  }

  @Test
  void parquetIsReadFromAnHdfsUri() {
    String out = uri + "/data/p.parquet";
    SPARK
        .session()
        .sql("select array(cast(id as float), 1.5f) as features, id % 2 as label from range(6)")
        .repartition(3)
        .write()
        .parquet(out);
    TrainingData d = TrainingData.load(SPARK.session(), settings("parquet", out), classifier(2, 2));
    List<float[]> rows = rows(d.train());
    assertEquals(6, rows.size());
    for (int i = 0; i < 6; i++) {
      assertArrayEquals(new float[] {i, 1.5f, i % 2}, rows.get(i));
    }
  }

  @Test
  void aBadLineOnHdfsIsNamedByItsHdfsUriAndLine() throws IOException {
    put("/data/bad.libsvm", "1 1:0.5\n0 1:inf\n");
    DataSettings s = settings("libsvm", uri + "/data/bad.libsvm");
    BadRecordException e =
        assertThrows(
            BadRecordException.class,
            () -> TrainingData.load(SPARK.session(), s, classifier(1, 2)));
    assertTrue(
        e.getMessage().startsWith(uri + "/data/bad.libsvm:2: feature 1 is Infinity"),
        e.getMessage());
  }
}
