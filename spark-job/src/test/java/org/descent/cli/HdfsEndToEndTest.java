package org.descent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.descent.io.Checkpoint;
import org.descent.io.CheckpointStore;
import org.descent.io.ModelStore;
import org.descent.nn.model.SavedModel;
import org.descent.nn.onnx.OnnxExport;
import org.descent.ps.train.CsvDatasetReader;
import org.descent.ps.train.Dataset;
import org.descent.sparktest.MiniHdfs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HDFS end to end through the CLI (a MiniDFSCluster on loopback): training reads libsvm and parquet
 * from hdfs://, writes the model and metrics to hdfs://, the saved model predicts from hdfs:// to
 * hdfs://, {@code descent export} writes its ONNX file to hdfs://, and checkpoints written to
 * hdfs:// resume bit-identically.
 */
class HdfsEndToEndTest {
  @RegisterExtension static final MiniHdfs HDFS = new MiniHdfs();
  static String hdfs;

  @BeforeAll
  static void writeDigitsToHdfs() throws IOException {
    hdfs = HDFS.uri();
    // The CLI's SparkSession picks these up: one datanode, so one replica.
    for (String[] kv : MiniHdfs.clientSettings()) {
      System.setProperty(kv[0], kv[1]);
    }
    Dataset digits = CsvDatasetReader.read(Path.of("../data/digits.csv.gz"), "label", 10);
    {
      StringBuilder sb = new StringBuilder();
      for (int r = 0; r < digits.rows(); r++) {
        sb.append((int) digits.targets()[r]);
        for (int c = 0; c < digits.width(); c++) {
          float v = digits.features()[r * digits.width() + c];
          if (v != 0f) {
            sb.append(' ').append(c + 1).append(':').append(v);
          }
        }
        sb.append('\n');
      }
      HDFS.write("/data/digits.libsvm", sb.toString());
    }
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    try {
      List<Row> rows = new ArrayList<>();
      for (int r = 0; r < digits.rows(); r++) {
        double[] x = new double[digits.width()];
        for (int c = 0; c < x.length; c++) {
          x[c] = digits.features()[r * digits.width() + c];
        }
        rows.add(RowFactory.create((double) digits.targets()[r], Vectors.dense(x)));
      }
      StructType schema =
          DataTypes.createStructType(
              List.of(
                  DataTypes.createStructField("label", DataTypes.DoubleType, false),
                  DataTypes.createStructField("features", new VectorUDT(), false)));
      spark
          .createDataFrame(rows, schema)
          .repartition(2)
          .write()
          .parquet(hdfs + "/data/digits.parquet");
    } finally {
      spark.stop();
    }
  }

  @AfterAll
  static void clearClientSettings() {
    for (String[] kv : MiniHdfs.clientSettings()) {
      System.clearProperty(kv[0]);
    }
  }

  private static String[] train(String format, String path, String out) {
    return new String[] {
      "train",
      "--master",
      "local[2]",
      "--conf",
      "../conf/digits.properties",
      "--set",
      "data.format=" + format,
      "--set",
      "data.train=" + hdfs + path,
      "--set",
      "train.epochs=12",
      "--out",
      hdfs + out
    };
  }

  private static String run(String... args) {
    CliRun r = CliRun.of(args);
    assertEquals(0, r.exit(), r.err());
    return r.out();
  }

  @Test
  void trainsFromLibsvmOnHdfsWritesToHdfsAndPredictsFromHdfs() throws IOException {
    String out = run(train("libsvm", "/data/digits.libsvm", "/runs/libsvm"));
    assertTrue(out.contains("test: loss"), out);
    FileSystem fs = HDFS.fileSystem();
    for (String f : List.of("model/model.bin", "metrics.jsonl", "summary.json", "report.html")) {
      assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/runs/libsvm/" + f)), f);
    }
    Configuration client = new Configuration();
    SavedModel model = ModelStore.load(hdfs + "/runs/libsvm/model", client);
    assertEquals(64, model.spec().inputWidth());

    String predicted =
        run(
            "predict",
            "--master",
            "local[2]",
            "--set",
            "data.format=libsvm",
            "--model",
            hdfs + "/runs/libsvm/model",
            "--data",
            hdfs + "/data/digits.libsvm",
            "--output",
            hdfs + "/runs/libsvm/predictions");
    assertTrue(predicted.contains("wrote 1797 predictions"), predicted);
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/runs/libsvm/predictions/_SUCCESS")));

    run(
        "export",
        "--model",
        hdfs + "/runs/libsvm/model",
        "--format",
        "onnx",
        "--output",
        hdfs + "/exports/digits.onnx");
    try (var in = fs.open(new org.apache.hadoop.fs.Path("/exports/digits.onnx"))) {
      assertArrayEquals(OnnxExport.toBytes(model), in.readAllBytes());
    }
  }

  @Test
  void trainsFromParquetOnHdfs() {
    String out = run(train("parquet", "/data/digits.parquet", "/runs/parquet"));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("accuracy ([0-9.]+)").matcher(out);
    assertTrue(m.find(), out);
    assertTrue(Double.parseDouble(m.group(1)) > 0.9, out);
  }

  @Test
  void resumingFromAnHdfsCheckpointIsBitIdenticalToAnUninterruptedRun() throws IOException {
    String[] straight = withCheckpoints(train("libsvm", "/data/digits.libsvm", "/runs/straight"));
    run(straight);
    Configuration client = new Configuration();
    CheckpointStore a = new CheckpointStore(hdfs + "/runs/straight/checkpoints", client, 100);
    List<org.apache.hadoop.fs.Path> written = a.list();
    long steps = a.readStored(written.get(written.size() - 1)).checkpoint().step();
    assertEquals(a.fileOf(steps), written.get(written.size() - 1), "the last step has one");

    // The interrupted run left only its checkpoint half way; resuming runs the other half.
    FileSystem fs = HDFS.fileSystem();
    fs.mkdirs(new org.apache.hadoop.fs.Path("/runs/resumed/checkpoints"));
    org.apache.hadoop.fs.Path firstHalf = written.get((written.size() - 1) / 2);
    System.out.println("hdfs resume: " + steps + " steps, resuming from " + firstHalf.getName());
    org.apache.hadoop.fs.FileUtil.copy(
        fs,
        firstHalf,
        fs,
        new org.apache.hadoop.fs.Path("/runs/resumed/checkpoints/" + firstHalf.getName()),
        false,
        client);
    List<String> resumeArgs =
        new ArrayList<>(
            List.of(withCheckpoints(train("libsvm", "/data/digits.libsvm", "/runs/resumed"))));
    resumeArgs.add("--resume");
    String out = run(resumeArgs.toArray(String[]::new));
    assertTrue(out.contains("resuming from " + hdfs + "/runs/resumed/checkpoints/"), out);

    CheckpointStore b = new CheckpointStore(hdfs + "/runs/resumed/checkpoints", client, 100);
    Checkpoint endA = a.readStored(a.fileOf(steps)).checkpoint();
    Checkpoint endB = b.readStored(b.fileOf(steps)).checkpoint();
    // Weights, optimiser moments, step counter and layer state: the server snapshot, byte for byte.
    assertArrayEquals(endA.serverSnapshot(), endB.serverSnapshot());
    assertArrayEquals(endA.bestParameters(), endB.bestParameters());
    SavedModel ma = ModelStore.load(hdfs + "/runs/straight/model", client);
    SavedModel mb = ModelStore.load(hdfs + "/runs/resumed/model", client);
    assertArrayEquals(ma.parameters(), mb.parameters());
    assertArrayEquals(ma.layerState(), mb.layerState());
  }

  private static String[] withCheckpoints(String[] trainArgs) {
    List<String> a = new ArrayList<>(List.of(trainArgs));
    a.set(a.indexOf("train.epochs=12"), "train.epochs=3");
    a.addAll(
        List.of(
            "--set",
            "train.partitions=2",
            "--set",
            "train.checkpointEvery=7",
            "--set",
            "train.checkpointKeep=100"));
    return a.toArray(String[]::new);
  }
}
