package org.descent.data;

import static org.descent.data.DataFixtures.classifier;
import static org.descent.data.DataFixtures.idxImages;
import static org.descent.data.DataFixtures.idxLabels;
import static org.descent.data.DataFixtures.regression;
import static org.descent.data.DataFixtures.rows;
import static org.descent.data.DataFixtures.settings;
import static org.descent.data.DataFixtures.truncate;
import static org.descent.data.DataFixtures.write;
import static org.descent.data.DataFixtures.writeGzip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.descent.nn.NetworkSpec;
import org.descent.spark.DescentKryoRegistrator;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input stops the job with one line naming the file (and line or row), what is wrong and what
 * to do; with data.onBadRecord=skip bad records are counted by reason and the good ones kept.
 */
class BadInputTest {
  @RegisterExtension
  static final LocalSpark SPARK =
      LocalSpark.withCores(2).withKryo(DescentKryoRegistrator.class.getName());

  @TempDir Path dir;

  private static <T extends DataException> String failure(
      Class<T> type, DataSettings s, NetworkSpec spec) {
    String m = assertThrows(type, () -> TrainingData.load(SPARK.session(), s, spec)).getMessage();
    assertFalse(m.contains("\n"), "one line: " + m);
    return m;
  }

  private static void assertContains(String message, String... parts) {
    for (String p : parts) {
      assertTrue(message.contains(p), "'" + p + "' missing from: " + message);
    }
  }

  @Test
  void aCsvCellThatIsNotANumberNamesFileLineAndColumn() {
    Path f = write(dir.resolve("bad.csv"), "a,label\n1,0\n\nx,1\n");
    String m = failure(BadRecordException.class, settings("csv", f), classifier(1, 2));
    assertContains(m, "bad.csv:4: column 'a' holds 'x', which is not a number", "onBadRecord=skip");
  }

  @Test
  void aNonFiniteFeatureNamesTheLineEvenInALaterSplitOfTheFile() {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 200; i++) {
      text.append(i % 2).append(" 1:").append(i == 150 ? "NaN" : Integer.toString(i)).append('\n');
    }
    Path f = write(dir.resolve("nan.libsvm"), text.toString());
    Configuration hadoop = SPARK.session().sparkContext().hadoopConfiguration();
    hadoop.set("mapreduce.input.fileinputformat.split.maxsize", "256");
    try {
      String m = failure(BadRecordException.class, settings("libsvm", f), classifier(1, 2));
      assertContains(m, "nan.libsvm:150: feature 1 is NaN", "finite");
    } finally {
      hadoop.unset("mapreduce.input.fileinputformat.split.maxsize");
    }
  }

  @Test
  void aLabelOutsideTheClassesNamesTheLineAndTheRange() {
    Path f = write(dir.resolve("labels.csv"), "label,x\n0,1\n3,2\n");
    BadRecordException e =
        assertThrows(
            BadRecordException.class,
            () -> TrainingData.load(SPARK.session(), settings("csv", f), classifier(1, 3)));
    assertContains(e.getMessage(), "labels.csv:3: label 3 is not a class index in [0, 3)");
    assertEquals(BadRecordReason.LABEL_OUT_OF_RANGE, e.reason());
  }

  @Test
  void aNonFiniteRegressionTargetNamesTheLine() {
    Path f = write(dir.resolve("reg.csv"), "x,label\n1,0.5\n2,inf\n");
    String m = failure(BadRecordException.class, settings("csv", f), regression(1, 1));
    assertContains(m, "reg.csv:3: target is Infinity");
  }

  @Test
  void aLibsvmIndexBeyondTheInputWidthIsAWrongFeatureCount() {
    Path f = write(dir.resolve("wide.libsvm"), "0 1:1\n1 2:1 5:3\n");
    String m = failure(BadRecordException.class, settings("libsvm", f), classifier(4, 2));
    assertContains(m, "wide.libsvm:2: feature index 5 is beyond model.layers' input width 4");
  }

  @Test
  void aMalformedLibsvmTokenNamesTheLine() {
    Path f = write(dir.resolve("tok.libsvm"), "0 1:1\n1 2=1\n");
    String m = failure(BadRecordException.class, settings("libsvm", f), classifier(2, 2));
    assertContains(m, "tok.libsvm:2: '2=1' is not index:value");
  }

  @Test
  void aCsvHeaderWithTheWrongFeatureCountNamesTheFileAndTheWidths() {
    Path f = write(dir.resolve("w.csv"), "a,b,label\n1,2,0\n");
    String m = failure(BadRecordException.class, settings("csv", f), classifier(3, 2));
    assertContains(m, "w.csv:1: the header has 2 feature columns, but model.layers starts with 3");
  }

  @Test
  void aCsvWithoutTheLabelColumnListsTheHeaderAndSuggestsTheNearestName() {
    Path f = write(dir.resolve("h.csv"), "x,y,lable\n1,2,0\n");
    String m = failure(DataException.class, settings("csv", f), classifier(2, 2));
    assertContains(
        m,
        "h.csv: no label column 'label' (did you mean 'lable'?)",
        "the header has: x, y, lable",
        "data.labelColumn");
  }

  @Test
  void aParquetRowWithANullNamesTheFileAndRow() {
    String out = dir.resolve("n.parquet").toString();
    SPARK
        .session()
        .sql("select id as a, if(id = 2, null, cast(id as double)) as b, 0 as label from range(4)")
        .coalesce(1)
        .write()
        .parquet(out);
    DataSettings s = settings("parquet", out, "data.featureColumns", "a,b");
    String m = failure(BadRecordException.class, s, classifier(2, 2));
    assertTrue(m.matches(".*n\\.parquet/part-[^ ]*\\.parquet, row 3: feature 2 is null.*"), m);
  }

  @Test
  void aMissingPathIsNamed() {
    Path missing = dir.resolve("nowhere.csv");
    String m = failure(DataException.class, settings("csv", missing), classifier(1, 2));
    assertContains(m, missing + ": no such file or directory; check data.train");
  }

  @Test
  void aCsvWithOnlyAHeaderIsEmptyInput() {
    Path f = write(dir.resolve("empty.csv"), "x,label\n");
    String m = failure(DataException.class, settings("csv", f), classifier(1, 2));
    assertContains(m, "empty.csv: no data rows in it");
  }

  @Test
  void anEmptyFileIsEmptyInput() {
    Path f = write(dir.resolve("zero.csv"), "");
    String m = failure(DataException.class, settings("csv", f), classifier(1, 2));
    assertContains(m, "zero.csv: the file is empty; expected a header line");
  }

  @Test
  void aTruncatedGzippedCsvIsNamed() {
    StringBuilder text = new StringBuilder("x,label\n");
    for (int i = 0; i < 2000; i++) {
      text.append(i).append(",").append(i % 2).append('\n');
    }
    Path whole = writeGzip(dir.resolve("whole.csv.gz"), text.toString().getBytes());
    Path cut = truncate(whole, dir.resolve("cut.csv.gz"), (int) whole.toFile().length() / 2);
    String m = failure(DataException.class, settings("csv", cut), classifier(1, 2));
    assertContains(m, "cut.csv.gz: the compressed stream is truncated or damaged");
  }

  @Test
  void aTruncatedGzippedIdxFileIsNamed() throws IOException {
    int[][] images = new int[300][];
    int[] labels = new int[300];
    for (int i = 0; i < images.length; i++) {
      images[i] = new int[] {i % 256, (7 * i) % 256, (13 * i) % 256, (31 * i) % 256};
    }
    Path whole = writeGzip(dir.resolve("whole.gz"), idxImages(images, 2, 2));
    Path sub = Files.createDirectories(dir.resolve("idx"));
    truncate(whole, sub.resolve("x-images-idx3-ubyte.gz"), (int) whole.toFile().length() - 6);
    writeGzip(sub.resolve("x-labels-idx1-ubyte.gz"), idxLabels(labels));
    DataSettings s = settings("idx", sub, "train.partitions", "2");
    String m = failure(DataException.class, s, classifier(4, 10));
    assertContains(m, "x-images-idx3-ubyte.gz: the compressed stream is truncated or damaged");
  }

  @Test
  void anIdxLabelBeyondTheClassesNamesTheLabelsFileAndRow() throws IOException {
    Path sub = Files.createDirectories(dir.resolve("idx10"));
    Files.write(sub.resolve("a-images-idx3-ubyte"), idxImages(new int[][] {{1}, {2}, {3}}, 1, 1));
    Files.write(sub.resolve("a-labels-idx1-ubyte"), idxLabels(new int[] {1, 12, 0}));
    String m = failure(BadRecordException.class, settings("idx", sub), classifier(1, 10));
    assertContains(m, "a-labels-idx1-ubyte, row 2: label 12 is not a class index in [0, 10)");
  }

  @Test
  void skipModeCountsBadRecordsByReasonAndKeepsTheGoodRows() {
    Path f =
        write(
            dir.resolve("mixed.csv"),
            String.join(
                "\n",
                "x,y,label",
                "1,10,0",
                "2,nan,1",
                "3,30",
                "4,40,7",
                "5,,1",
                "6,abc,0",
                "7,70,1",
                "8,inf,0",
                ""));
    DataSettings s = settings("csv", f, "data.onBadRecord", "skip");
    TrainingData d = TrainingData.load(SPARK.session(), s, classifier(2, 2));
    List<float[]> rows = rows(d.train());
    assertEquals(2, rows.size());
    assertArrayEquals(new float[] {1, 10, 0}, rows.get(0));
    assertArrayEquals(new float[] {7, 70, 1}, rows.get(1));
    assertEquals(
        Map.of(
            BadRecordReason.NON_FINITE_FEATURE, 2L,
            BadRecordReason.MALFORMED, 2L,
            BadRecordReason.LABEL_OUT_OF_RANGE, 1L,
            BadRecordReason.MISSING_VALUE, 1L),
        d.skipped().counts());
    assertEquals(6, d.skipped().total());
  }

  @Test
  void skipModeWithNoGoodRecordsLeftIsAnError() {
    Path f = write(dir.resolve("allbad.csv"), "x,label\n1,5\n2,6\n");
    DataSettings s = settings("csv", f, "data.onBadRecord", "skip");
    String m = failure(DataException.class, s, classifier(1, 2));
    assertContains(m, "allbad.csv: every record is bad (2 records skipped: 2 label out of range)");
  }
}
