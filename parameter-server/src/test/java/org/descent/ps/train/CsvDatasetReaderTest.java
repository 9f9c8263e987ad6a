package org.descent.ps.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.descent.ps.train.CsvDatasetReader.DataFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local CSV reading: values, and every bad input named with its file and line. */
class CsvDatasetReaderTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  private String error(Path p, String label, int classes) {
    return assertThrows(DataFormatException.class, () -> CsvDatasetReader.read(p, label, classes))
        .getMessage();
  }

  @Test
  void readsFeaturesAndTheNamedLabelColumnWherever() throws IOException {
    Dataset d = CsvDatasetReader.read(write("a.csv", "x,label,y\n1,0,2\n3,2,4\n"), "label", 3);
    assertEquals(2, d.rows());
    assertEquals(2, d.width());
    assertArrayEquals(new float[] {1, 2, 3, 4}, d.features());
    assertArrayEquals(new float[] {0, 2}, d.targets());
  }

  @Test
  void badRowsAreNamedByFileAndLine() throws IOException {
    assertTrue(error(write("b.csv", "a,label\n1,0\nx,1\n"), "label", 2).contains("b.csv:3"));
    assertTrue(error(write("c.csv", "a,label\n1,0\nNaN,1\n"), "label", 2).contains("finite"));
    assertTrue(
        error(write("d.csv", "a,label\n1,0\n1,2,3\n"), "label", 2).contains("d.csv:3: 3 fields"));
    String range = error(write("e.csv", "a,label\n1,5\n"), "label", 2);
    assertTrue(range.contains("e.csv:2") && range.contains("[0, 2)"), range);
    assertTrue(error(write("f.csv", "a,label\n1,0.5\n"), "label", 2).contains("not an integer"));
  }

  @Test
  void missingLabelColumnListsTheHeaderAndSuggests() throws IOException {
    String m = error(write("g.csv", "a,lable\n1,0\n"), "label", 2);
    assertTrue(m.contains("did you mean 'lable'") && m.contains("a, lable"), m);
  }

  @Test
  void emptyMissingAndTruncatedFilesAreRefusedClearly() throws IOException {
    assertTrue(error(write("h.csv", ""), "label", 2).contains("empty"));
    assertTrue(error(write("i.csv", "a,label\n"), "label", 2).contains("no data rows"));
    assertTrue(error(dir.resolve("nope.csv"), "label", 2).contains("no such file"));
    Path gz = dir.resolve("t.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write("a,label\n".repeat(2000).getBytes(StandardCharsets.UTF_8));
    }
    byte[] all = Files.readAllBytes(gz);
    Files.write(gz, java.util.Arrays.copyOf(all, all.length / 2));
    assertTrue(error(gz, "label", 2).contains("damaged or truncated"));
  }

  @Test
  void regressionTargetsMayBeAnyFiniteNumber() throws IOException {
    Dataset d = CsvDatasetReader.read(write("r.csv", "a,target\n1,151.5\n2,-3\n"), "target", 0);
    assertArrayEquals(new float[] {151.5f, -3f}, d.targets());
  }

  @Test
  void evaluationDerivesAccuracyAndRegressionMetricsFromSums() {
    Evaluation a = new Evaluation();
    a.addLoss(3.0, 2);
    a.addRegression(1, 0);
    Evaluation b = new Evaluation();
    b.addLoss(1.0, 2);
    b.addRegression(2, 4);
    a.merge(b);
    assertEquals(1.0, a.loss());
    assertEquals((1 + 4) / 2.0, a.mse());
    assertEquals((1 + 2) / 2.0, a.mae());
    assertEquals(1 - 5.0 / 8.0, a.r2(), 1e-12); // SST = (0-2)² + (4-2)² = 8
  }
}
