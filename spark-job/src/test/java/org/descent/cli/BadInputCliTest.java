package org.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input suite (39 refusals, plus the skip mode): every reader × each kind of bad value, bad
 * configuration keys and values, damaged model and checkpoint files and missing paths, through the
 * {@code descent} CLI as a user meets them. Each case asserts the documented exit code (4 bad data,
 * 2 configuration, models and checkpoints), one line on stderr starting {@code descent: } that
 * names the file and line or row (or the key) and how to fix it, no stack trace, no {@code ERROR
 * Executor} or {@code WARN TaskSetManager} line in what Spark logged (data errors travel as data,
 * not as failed tasks), and no output that looks complete (no model/, no summary.json).
 */
class BadInputCliTest {
  @TempDir Path dir;

  /** Parquet inputs, written once by a Spark session of their own. */
  @TempDir static Path parquet;

  @BeforeAll
  static void writeParquet() {
    SparkSession spark =
        SparkSession.builder().master("local[1]").appName("parquet fixtures").getOrCreate();
    try {
      StructType schema =
          new StructType()
              .add("a", DataTypes.DoubleType, true)
              .add("b", DataTypes.DoubleType, true)
              .add("label", DataTypes.IntegerType, true);
      for (String kind : List.of("null", "nan", "label")) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
          rows.add(RowFactory.create((double) (i % 7), (double) (i % 5), i % 2));
        }
        rows.set(
            12,
            switch (kind) {
              case "null" -> RowFactory.create(1.0, null, 0);
              case "nan" -> RowFactory.create(Double.NaN, 1.0, 0);
              default -> RowFactory.create(1.0, 2.0, 9);
            });
        spark
            .createDataFrame(rows, schema)
            .coalesce(1)
            .write()
            .parquet(parquet.resolve(kind + ".parquet").toString());
      }
    } finally {
      spark.stop();
    }
  }

  /** 40 good rows of a,b,label with two classes. */
  private static String goodRows() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      sb.append(i % 7).append(',').append((i * 3) % 5).append(',').append(i % 2).append('\n');
    }
    return sb.toString();
  }

  private Path csv(String name, String badLines) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, "a,b,label\n" + goodRows() + badLines, StandardCharsets.UTF_8);
    return f;
  }

  /** Runs train on {@code data} with {@code extra} settings; expects bad data (exit 4). */
  private String refused(Path data, String... extra) {
    return refused(Main.EXIT_BAD_DATA, data, extra);
  }

  /** Runs train on {@code data} with {@code extra} settings; checks the common promises. */
  private String refused(int exit, Path data, String... extra) {
    Path out = dir.resolve("out");
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--master",
                "local[2]",
                "--set",
                "model.layers=2,3,2",
                "--set",
                "data.train=" + data,
                "--set",
                "train.epochs=1",
                "--set",
                "train.batchSize=4"));
    for (String kv : extra) {
      args.add("--set");
      args.add(kv);
    }
    args.addAll(List.of("--out", out.toString()));
    String err = run(exit, args);
    assertFalse(Files.exists(out.resolve("model")), "a model was written");
    assertFalse(Files.exists(out.resolve("summary.json")), "a summary was written");
    return err;
  }

  /**
   * Runs the CLI and checks the promises every refusal keeps: the exit code, one line on stderr
   * starting {@code descent: }, no stack trace or exception name, and nothing in Spark's log that a
   * failed task leaves (an executor's ERROR, the task set manager's WARN, a stack trace).
   */
  static String run(int exit, List<String> args) {
    CliRun r;
    String logs;
    try (SparkLogCapture log = SparkLogCapture.open()) {
      r = CliRun.of(args.toArray(String[]::new));
      logs = log.text();
    }
    String err = r.err().strip();
    System.out.println("refused (exit " + r.exit() + "): " + err);
    assertEquals(exit, r.exit(), r.out() + r.err());
    assertEquals(1, err.lines().count(), "one line: " + r.err());
    assertTrue(err.startsWith("descent: "), err);
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
    assertFalse(r.out().contains("\tat "), r.out());
    assertFalse(logs.contains("ERROR Executor"), logs);
    assertFalse(logs.contains("TaskSetManager"), logs);
    assertFalse(logs.contains("\tat "), logs);
    return err;
  }

  private static void assertContains(String message, String... parts) {
    for (String p : parts) {
      assertTrue(message.contains(p), "'" + p + "' missing from: " + message);
    }
  }

  @Test
  void wrongFeatureCount() throws IOException {
    Path f = csv("wide.csv", "1,2,3,0\n");
    assertContains(
        refused(f), f + ":42", "4 fields, but the header has 3", "data.onBadRecord=skip");
  }

  @Test
  void nonNumericField() throws IOException {
    Path f = csv("text.csv", "1,oops,0\n");
    assertContains(refused(f), f + ":42", "'oops'", "data.onBadRecord=skip");
  }

  @Test
  void nanFeature() throws IOException {
    Path nan = csv("nan.csv", "1,NaN,0\n");
    assertContains(refused(nan), nan + ":42", "column 'b' is NaN", "data.onBadRecord=skip");
  }

  @Test
  void infiniteFeature() throws IOException {
    Path inf = csv("inf.csv", "Infinity,1,0\n");
    assertContains(refused(inf), inf + ":42", "column 'a' is Infinity", "data.onBadRecord=skip");
  }

  @Test
  void emptyCell() throws IOException {
    Path f = csv("hole.csv", "1,,0\n");
    assertContains(refused(f), f + ":42", "column 'b' is empty", "data.onBadRecord=skip");
  }

  @Test
  void manyBadRecordsNameTheFirstInFileOrderAndCountThemAll() throws IOException {
    Path f = csv("many.csv", "1,x,0\n2,NaN,1\n1,2,7\n3,y,0\n");
    assertContains(
        refused(f, "train.partitions=2"),
        f + ":42: column 'b' holds 'x'",
        "4 bad records in all: 2 malformed, 1 non-finite feature, 1 label out of range",
        "next at file:" + f + ":43, file:" + f + ":44)");
  }

  // libsvm: 2 features, labels 0/1.

  private Path libsvm(String name, String badLine) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      sb.append(i % 2).append(" 1:").append(i % 7).append(" 2:").append(i % 5).append('\n');
    }
    Path f = dir.resolve(name);
    Files.writeString(f, sb + badLine, StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void libsvmValueThatIsNotANumber() throws IOException {
    Path f = libsvm("text.libsvm", "1 1:abc 2:1\n");
    assertContains(refused(f, "data.format=libsvm"), f + ":41", "abc", "data.onBadRecord=skip");
  }

  @Test
  void libsvmIndexBeyondTheWidth() throws IOException {
    Path f = libsvm("wide.libsvm", "1 1:1 7:1\n");
    assertContains(
        refused(f, "data.format=libsvm"),
        f + ":41",
        "feature index 7 is beyond model.layers' input width 2");
  }

  @Test
  void libsvmNaN() throws IOException {
    Path f = libsvm("nan.libsvm", "0 1:NaN\n");
    assertContains(refused(f, "data.format=libsvm"), f + ":41", "feature 1 is NaN");
  }

  @Test
  void libsvmLabelOutOfRange() throws IOException {
    Path f = libsvm("label.libsvm", "3 1:1\n");
    assertContains(refused(f, "data.format=libsvm"), f + ":41", "label 3", "[0, 2)");
  }

  // parquet: columns a, b (double), label (int); row 13 of each file is bad.

  @Test
  void parquetNullFeature() {
    Path f = parquet.resolve("null.parquet");
    assertContains(
        refused(f, "data.format=parquet", "data.featureColumns=a,b"),
        "null.parquet/part-",
        ", row 13: feature 2 is null");
  }

  @Test
  void parquetNaNFeature() {
    Path f = parquet.resolve("nan.parquet");
    assertContains(
        refused(f, "data.format=parquet", "data.featureColumns=a,b"),
        "nan.parquet/part-",
        ", row 13: column 'a' is NaN");
  }

  @Test
  void parquetLabelOutOfRange() {
    Path f = parquet.resolve("label.parquet");
    assertContains(
        refused(f, "data.format=parquet", "data.featureColumns=a,b"),
        "label.parquet/part-",
        ", row 13: label 9 is not a class index in [0, 2)");
  }

  @Test
  void parquetTruncatedFile() throws IOException {
    Path d = Files.createDirectories(dir.resolve("cut.parquet"));
    Path part;
    try (var files = Files.list(parquet.resolve("nan.parquet"))) {
      part = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().get();
    }
    byte[] b = Files.readAllBytes(part);
    Path cut = d.resolve(part.getFileName());
    Files.write(cut, Arrays.copyOf(b, b.length - 20));
    assertContains(
        refused(d, "data.format=parquet", "data.featureColumns=a,b"),
        cut.getFileName().toString(),
        "not a complete Parquet file");
  }

  // idx: 2×2 images, so model.layers=4,3,2.

  private Path idx(String name, byte[] images, byte[] labels) throws IOException {
    Path d = Files.createDirectories(dir.resolve(name));
    Files.write(d.resolve("t-images-idx3-ubyte"), images);
    Files.write(d.resolve("t-labels-idx1-ubyte"), labels);
    return d;
  }

  private static byte[] idxImages(int n, int magic) throws IOException {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream o = new java.io.DataOutputStream(b)) {
      o.writeInt(magic);
      o.writeInt(n);
      o.writeInt(2);
      o.writeInt(2);
      for (int i = 0; i < 4 * n; i++) {
        o.writeByte(i % 256);
      }
    }
    return b.toByteArray();
  }

  private static byte[] idxLabels(int n, int bad) throws IOException {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream o = new java.io.DataOutputStream(b)) {
      o.writeInt(0x801);
      o.writeInt(n);
      for (int i = 0; i < n; i++) {
        o.writeByte(i == bad ? 8 : i % 2);
      }
    }
    return b.toByteArray();
  }

  @Test
  void idxLabelOutOfRange() throws IOException {
    Path d = idx("idxlabel", idxImages(40, 0x803), idxLabels(40, 17));
    assertContains(
        refused(d, "data.format=idx", "model.layers=4,3,2"),
        "t-labels-idx1-ubyte, row 18: label 8 is not a class index in [0, 2)");
  }

  @Test
  void idxTruncatedImages() throws IOException {
    byte[] images = idxImages(40, 0x803);
    Path d = idx("idxcut", Arrays.copyOf(images, images.length - 10), idxLabels(40, -1));
    assertContains(
        refused(d, "data.format=idx", "model.layers=4,3,2"),
        "t-images-idx3-ubyte",
        "the file is truncated");
  }

  @Test
  void idxWrongMagicNumber() throws IOException {
    Path d = idx("idxmagic", idxImages(40, 0x1234), idxLabels(40, -1));
    assertContains(
        refused(d, "data.format=idx", "model.layers=4,3,2"),
        "t-images-idx3-ubyte: not an IDX images (idx3) file");
  }

  @Test
  void labelOutOfRange() throws IOException {
    Path f = csv("label.csv", "1,2,5\n");
    assertContains(refused(f), f + ":42", "[0, 2)", "data.onBadRecord=skip");
  }

  @Test
  void labelThatIsNotAnInteger() throws IOException {
    Path f = csv("half.csv", "1,2,0.5\n");
    assertContains(refused(f), f + ":42", "0.5", "data.onBadRecord=skip");
  }

  @Test
  void emptyInput() throws IOException {
    Path f = dir.resolve("empty.csv");
    Files.writeString(f, "a,b,label\n");
    assertContains(refused(f), f.toString(), "no data rows");
  }

  @Test
  void missingPath() {
    Path f = dir.resolve("nowhere.csv");
    assertContains(refused(f), f + ": no such file or directory", "data.train");
  }

  @Test
  void truncatedGzip() throws IOException {
    Path whole = dir.resolve("whole.csv.gz");
    StringBuilder text = new StringBuilder("a,b,label\n");
    for (int i = 0; i < 100; i++) {
      text.append(goodRows());
    }
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(whole))) {
      o.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }
    byte[] b = Files.readAllBytes(whole);
    Path cut = dir.resolve("cut.csv.gz");
    Files.write(cut, Arrays.copyOf(b, b.length / 2));
    assertContains(refused(cut), cut + ": the compressed stream is truncated or damaged");
  }

  @Test
  void aGzipNameOnAFileThatIsNotGzip() throws IOException {
    Path f = dir.resolve("plain.csv.gz");
    Files.writeString(f, "a,b,label\n" + goodRows(), StandardCharsets.UTF_8);
    assertContains(refused(f), f + ": the compressed stream is truncated or damaged");
  }

  @Test
  void aGzipNameOnALibsvmFileThatIsNotGzip() throws IOException {
    // libsvm has no header the driver reads; the driver probes compressed files before the job.
    Path f = dir.resolve("plain.libsvm.gz");
    Files.writeString(f, "0 1:1 2:3\n1 1:2 2:1\n", StandardCharsets.UTF_8);
    assertContains(
        refused(f, "data.format=libsvm"), f + ": the compressed stream is truncated or damaged");
  }

  @Test
  void truncatedGzipWhileRepartitioning() throws IOException {
    // With train.partitions the file is read in a shuffle's map stage: still data, not a failure.
    Path whole = dir.resolve("whole2.csv.gz");
    StringBuilder text = new StringBuilder("a,b,label\n");
    for (int i = 0; i < 100; i++) {
      text.append(goodRows());
    }
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(whole))) {
      o.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }
    byte[] b = Files.readAllBytes(whole);
    Path cut = dir.resolve("cut2.csv.gz");
    Files.write(cut, Arrays.copyOf(b, b.length / 2));
    assertContains(
        refused(cut, "train.partitions=3"),
        cut + ": the compressed stream is truncated or damaged");
  }

  @Test
  void globalBatchSmallerThanTheInputsPartitions() throws IOException {
    // idx is read into local[2]'s default parallelism, 2 partitions; known only once read.
    Path d = idx("idxsmallbatch", idxImages(40, 0x803), idxLabels(40, -1));
    assertContains(
        refused(Main.EXIT_USAGE, d, "data.format=idx", "model.layers=4,3,2", "train.batchSize=1"),
        "train.batchSize=1 is smaller than the input's 2 partitions");
  }

  @Test
  void unknownFormatName() throws IOException {
    Path f = csv("good.csv", "");
    assertContains(refused(Main.EXIT_USAGE, f, "data.format=xls"), "data.format", "xls", "csv");
  }

  @Test
  void csvWithoutTheLabelColumn() throws IOException {
    Path f = dir.resolve("nolabel.csv");
    Files.writeString(f, "a,b,target\n1,2,0\n3,4,1\n");
    assertContains(refused(f), f.toString(), "label", "data.labelColumn");
  }

  @Test
  void unknownKey() throws IOException {
    Path f = csv("good.csv", "");
    assertContains(
        refused(Main.EXIT_USAGE, f, "train.epoch=3"), "train.epoch", "did you mean 'train.epochs'");
  }

  @Test
  void wrongType() throws IOException {
    Path f = csv("good.csv", "");
    assertContains(
        refused(Main.EXIT_USAGE, f, "train.epochs=three"),
        "train.epochs='three' is not a whole number",
        "e.g.");
  }

  @Test
  void outOfRangeValue() throws IOException {
    Path f = csv("good.csv", "");
    assertContains(refused(Main.EXIT_USAGE, f, "train.epochs=0"), "train.epochs", "0");
  }

  @Test
  void outOfRangeFraction() throws IOException {
    Path f = csv("good.csv", "");
    assertContains(
        refused(Main.EXIT_USAGE, f, "data.validationFraction=1.5"),
        "data.validationFraction",
        "1.5");
  }

  @Test
  void globalBatchSmallerThanTheConfiguredPartitions() throws IOException {
    Path f = csv("good.csv", "");
    assertContains(
        refused(Main.EXIT_USAGE, f, "train.batchSize=2", "train.partitions=4"),
        "train.batchSize=2 is smaller than train.partitions=4",
        "raise train.batchSize to at least 4");
  }

  @Test
  void firstLayerWidthDisagreeingWithTheData() throws IOException {
    Path f = csv("good.csv", "");
    assertContains(refused(f, "model.layers=5,3,2"), f.toString(), "model.layers");
  }

  @Test
  void batchLargerThanTheData() throws IOException {
    Path f = csv("good.csv", "");
    assertContains(
        refused(Main.EXIT_USAGE, f, "train.batchSize=1000"), "train.batchSize=1000", "lower it");
  }

  // models and checkpoints (exit 2)

  /** Trains on good rows into {@code out} (checkpoints every 3 steps); must succeed. */
  private Path trained(String name) throws IOException {
    Path f = csv("good.csv", "");
    Path out = dir.resolve(name);
    CliRun r =
        CliRun.of(
            "train",
            "--master",
            "local[2]",
            "--set",
            "model.layers=2,3,2",
            "--set",
            "data.train=" + f,
            "--set",
            "train.epochs=2",
            "--set",
            "train.batchSize=4",
            "--set",
            "train.checkpointEvery=3",
            "--out",
            out.toString());
    assertEquals(0, r.exit(), r.err());
    return out;
  }

  private static void flipAByteInTheMiddle(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    b[b.length / 2] ^= 0x10;
    Files.write(file, b);
  }

  private List<String> evaluate(Path model) throws IOException {
    return List.of(
        "evaluate",
        "--master",
        "local[2]",
        "--model",
        model.toString(),
        "--data",
        csv("good.csv", "").toString());
  }

  @Test
  void modelFailingHadoopsChecksum() throws IOException {
    Path model = trained("crc").resolve("model");
    assertTrue(Files.exists(model.resolve(".model.bin.crc")), "Hadoop's checksum file");
    flipAByteInTheMiddle(model.resolve("model.bin"));
    assertContains(
        run(Main.EXIT_USAGE, evaluate(model)),
        "model.bin is damaged: the file system's checksum does not match",
        "restore it from a copy");
  }

  @Test
  void modelFailingItsOwnChecksum() throws IOException {
    Path model = trained("own").resolve("model");
    Files.delete(model.resolve(".model.bin.crc"));
    flipAByteInTheMiddle(model.resolve("model.bin"));
    assertContains(run(Main.EXIT_USAGE, evaluate(model)), "model.bin is damaged", "checksum");
  }

  @Test
  void missingModel() throws IOException {
    Path model = dir.resolve("nomodel");
    assertContains(run(Main.EXIT_USAGE, evaluate(model)), "no model at " + model, "--out");
  }

  @Test
  void everyCheckpointDamagedOnResume() throws IOException {
    Path out = trained("ckpt");
    try (var files = Files.list(out.resolve("checkpoints"))) {
      for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".ckpt")).toList()) {
        byte[] b = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(b, b.length / 2));
        Files.deleteIfExists(p.resolveSibling("." + p.getFileName() + ".crc"));
      }
    }
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--master",
                "local[2]",
                "--set",
                "model.layers=2,3,2",
                "--set",
                "data.train=" + csv("good.csv", ""),
                "--set",
                "train.epochs=2",
                "--set",
                "train.batchSize=4",
                "--set",
                "train.checkpointEvery=3",
                "--out",
                out.toString(),
                "--resume"));
    assertContains(
        run(Main.EXIT_USAGE, args),
        "--resume: no readable checkpoint (step-*.ckpt) in",
        out.resolve("checkpoints").toString());
  }

  @Test
  void skipModeTrainsOnTheGoodRowsAndReportsCountsAndReasons() throws IOException {
    Path f = csv("mixed.csv", "1,oops,0\n1,2,5\n1,NaN,1\n");
    Path out = dir.resolve("skipped");
    CliRun r =
        CliRun.of(
            "train",
            "--master",
            "local[2]",
            "--set",
            "model.layers=2,3,2",
            "--set",
            "data.train=" + f,
            "--set",
            "data.onBadRecord=skip",
            "--set",
            "train.epochs=1",
            "--set",
            "train.batchSize=4",
            "--out",
            out.toString());
    assertEquals(0, r.exit(), r.err());
    assertContains(r.out(), "skipped bad records: 3 records skipped: ", "label out of range");
    assertTrue(Files.exists(out.resolve("summary.json")));
    String summary = Files.readString(out.resolve("summary.json"));
    assertContains(summary, "\"skippedRecords\"", "\"total\" : 3", "\"label out of range\" : 1");
    String report = Files.readString(out.resolve("report.html"));
    assertContains(
        report,
        "skippedRecords.total",
        "skippedRecords.malformed",
        "skippedRecords.label out of range");
  }
}
