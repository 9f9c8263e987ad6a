package org.descent.sparktest;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A one-datanode HDFS (Hadoop's MiniDFSCluster) on 127.0.0.1 for a test class: started before the
 * first test, shut down after the last. Register it as a static field and use {@link #uri}:
 *
 * <pre>{@code
 * @RegisterExtension static final MiniHdfs HDFS = new MiniHdfs();
 * ... HDFS.uri() + "/data/train.libsvm" ...
 * }</pre>
 *
 * Clients must ask for one replica ({@code dfs.replication=1}); {@link #clientSettings} lists the
 * settings as {@code spark.hadoop.*} system properties for code that opens its own SparkSession.
 */
public final class MiniHdfs implements BeforeAllCallback, AfterAllCallback {
  private MiniDFSCluster cluster;
  private Path base;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    base = Files.createTempDirectory("minihdfs");
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
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (cluster != null) {
      cluster.shutdown(true);
      cluster = null;
    }
  }

  /** {@code hdfs://localhost:PORT}. */
  public String uri() {
    return "hdfs://localhost:" + cluster.getNameNodePort();
  }

  public FileSystem fileSystem() {
    try {
      return cluster.getFileSystem();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a text file at {@code path} (absolute, on this HDFS). */
  public void write(String path, String text) {
    try (OutputStream out = fileSystem().create(new org.apache.hadoop.fs.Path(path))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Hadoop client settings for one datanode, as spark.hadoop.* keys. */
  public static String[][] clientSettings() {
    return new String[][] {
      {"spark.hadoop.dfs.replication", "1"},
      {"spark.hadoop.dfs.namenode.file.close.num-committed-allowed", "1"}
    };
  }
}
