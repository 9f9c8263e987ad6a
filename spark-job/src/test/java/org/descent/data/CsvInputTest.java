package org.descent.data;

import static org.descent.data.DataFixtures.classifier;
import static org.descent.data.DataFixtures.rows;
import static org.descent.data.DataFixtures.settings;
import static org.descent.data.DataFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.descent.nn.NetworkSpec;
import org.descent.spark.DescentKryoRegistrator;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV per RFC 4180: quoted fields, embedded commas and quotes, and files with or without header.
 */
class CsvInputTest {
  @RegisterExtension
  static final LocalSpark SPARK =
      LocalSpark.withCores(2).withKryo(DescentKryoRegistrator.class.getName());

  @TempDir Path dir;

  private static List<float[]> read(DataSettings s, NetworkSpec spec) {
    return rows(TrainingData.load(SPARK.session(), s, spec).train());
  }

  private static String failure(DataSettings s, NetworkSpec spec) {
    String m =
        assertThrows(DataException.class, () -> TrainingData.load(SPARK.session(), s, spec))
            .getMessage();
    assertFalse(m.contains("\n"), "one line: " + m);
    return m;
  }

  @Test
  void quotedFieldsMayHoldCommasAndDoubledQuotes() {
    Path csv =
        write(
            dir.resolve("q.csv"),
            "id,name,\"a\",label\n"
                + "7,\"Smith, J\",1.5,1\n"
                + "8,\"say \"\"hi\"\", twice\",\"2.5\",0\n"
                + "9, plain ,  -3 ,1\n");
    List<float[]> rows =
        read(settings("csv", csv, "data.featureColumns", "id,a"), classifier(2, 2));
    assertEquals(3, rows.size());
    assertArrayEquals(new float[] {7, 1.5f, 1}, rows.get(0));
    assertArrayEquals(new float[] {8, 2.5f, 0}, rows.get(1));
    assertArrayEquals(new float[] {9, -3, 1}, rows.get(2));
  }

  @Test
  void aQuotedNumberWithACommaIsOneFieldNotTwo() {
    // before RFC 4180 parsing "1,5" split into two fields: "5 fields, but the header has 4"
    Path csv = write(dir.resolve("c.csv"), "a,note,b,label\n1,\"1,5\",2,0\n");
    String m = failure(settings("csv", csv, "data.featureColumns", "a,note,b"), classifier(3, 2));
    assertTrue(m.contains("c.csv:2: column 'note' holds '1,5', which is not a number"), m);
  }

  @Test
  void withoutAHeaderRowAutoReadsLineOneAsDataAndNamesColumnsLikeSpark() {
    Path csv = write(dir.resolve("n.csv"), "1,2,0\n3,4,1\n");
    List<float[]> rows = read(settings("csv", csv, "data.labelColumn", "_c2"), classifier(2, 2));
    assertEquals(2, rows.size());
    assertArrayEquals(new float[] {1, 2, 0}, rows.get(0));
    assertArrayEquals(new float[] {3, 4, 1}, rows.get(1));
  }

  @Test
  void withoutAHeaderTheMissingLabelColumnErrorSaysHowColumnsAreNamed() {
    Path csv = write(dir.resolve("n.csv"), "1,2,0\n3,4,1\n");
    String m = failure(settings("csv", csv), classifier(2, 2));
    assertTrue(m.contains("no label column 'label'; the columns are: _c0, _c1, _c2"), m);
    assertTrue(m.contains("set data.header=true if it is a header"), m);
    assertTrue(m.contains("(set data.labelColumn)"), m);
  }

  @Test
  void headerTrueTakesANumericFirstLineAsColumnNames() {
    Path csv = write(dir.resolve("h.csv"), "0,1,9\n5,6,1\n");
    List<float[]> rows =
        read(
            settings("csv", csv, "data.header", "true", "data.labelColumn", "9"), classifier(2, 2));
    assertEquals(1, rows.size());
    assertArrayEquals(new float[] {5, 6, 1}, rows.get(0));
  }

  @Test
  void headerFalseReadsEveryLineAsDataAndNamesTheBadOne() {
    Path csv = write(dir.resolve("f.csv"), "a,b,label\n1,2,0\n");
    String m =
        failure(
            settings("csv", csv, "data.header", "false", "data.labelColumn", "_c2"),
            classifier(2, 2));
    assertTrue(m.contains("f.csv:1: column '_c0' holds 'a', which is not a number"), m);
  }

  @Test
  void aQuoteLeftOpenIsABadRecordWithFileAndLineAndSkipCountsIt() {
    Path csv = write(dir.resolve("o.csv"), "a,label\n1,0\n\"2,1\n3,1\n");
    String m = failure(settings("csv", csv), classifier(1, 2));
    assertTrue(m.contains("o.csv:3: a quoted field is not closed on this line"), m);
    TrainingData d =
        TrainingData.load(
            SPARK.session(), settings("csv", csv, "data.onBadRecord", "skip"), classifier(1, 2));
    assertEquals(2, d.trainRows());
    assertEquals(1, d.skipped().total());
  }

  @Test
  void aHashIsDataNotAComment() {
    Path csv = write(dir.resolve("h.csv"), "a,label\n#1,0\n");
    String m = failure(settings("csv", csv), classifier(1, 2));
    assertTrue(m.contains("h.csv:2: column 'a' holds '#1', which is not a number"), m);
  }

  @Test
  void anotherFileWithAHeaderQuotedDifferentlyIsTheSameHeader() throws java.io.IOException {
    Path sub = java.nio.file.Files.createDirectories(dir.resolve("parts"));
    write(sub.resolve("a.csv"), "x,label\n1,0\n");
    write(sub.resolve("b.csv"), "\"x\", \"label\"\n2,1\n");
    assertEquals(2, read(settings("csv", sub), classifier(1, 2)).size());
  }

  @Test
  void aBadValueStillNamesFileLineAndColumn() {
    Path csv = write(dir.resolve("v.csv"), "a,b,label\n1,2,0\n\n3,oops,1\n");
    String m = failure(settings("csv", csv), classifier(2, 2));
    assertTrue(m.contains("v.csv:4: column 'b' holds 'oops', which is not a number"), m);
  }
}
