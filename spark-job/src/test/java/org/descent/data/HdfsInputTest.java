package org.descent.data;

import static org.descent.data.DataFixtures.classifier;
import static org.descent.data.DataFixtures.rows;
import static org.descent.data.DataFixtures.settings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.descent.spark.DescentKryoRegistrator;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Input from hdfs:// URIs (a MiniDFSCluster on loopback, one per class). */
class HdfsInputTest {
  @RegisterExtension
  static final LocalSpark SPARK =
      LocalSpark.withCores(2).withKryo(DescentKryoRegistrator.class.getName());

  @TempDir static Path base;

  static MiniDFSCluster cluster;
  static String uri;

  @BeforeAll
  static void startHdfs() throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
    conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
    conf.set("dfs.namenode.http-address", "127.0.0.1:0");
    conf.set("dfs.datanode.address", "127.0.0.1:0");
    conf.set("dfs.datanode.http.address", "127.0.0.1:0");
    conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
    // Closing a file need not wait for the datanode's block report (Spark writes several).
    conf.set("dfs.namenode.file.close.num-committed-allowed", "1");
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    uri = "hdfs://localhost:" + cluster.getNameNodePort();
    // One datanode: files written through Spark's client would otherwise ask for 3 replicas.
    SPARK.session().sparkContext().hadoopConfiguration().set("dfs.replication", "1");
  }

  @AfterAll
  static void stopHdfs() {
    if (cluster != null) {
      cluster.shutdown(true);
    }
  }

  private static void put(String path, String text) throws IOException {
    FileSystem fs = cluster.getFileSystem();
    try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(path))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
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
