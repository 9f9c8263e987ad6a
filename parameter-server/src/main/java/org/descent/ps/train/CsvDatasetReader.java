package org.descent.ps.train;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.descent.nn.Names;

/**
 * Reads a local CSV file (optionally {@code .gz}) with a header row into a {@link Dataset}: one
 * column is the label, all others are features. Every error names the file, the line and what to
 * do. The Spark job has its own distributed readers; this one serves the local trainer.
 */
public final class CsvDatasetReader {
  private CsvDatasetReader() {}

  /**
   * @param labelColumn the label column's header name
   * @param classes number of classes for a classifier (labels must be integers in [0, classes)), or
   *     0 for regression (one real-valued target)
   */
  public static Dataset read(Path file, String labelColumn, int classes) throws IOException {
    List<float[]> rows = new ArrayList<>();
    List<Float> labels = new ArrayList<>();
    String[] header;
    int labelIndex;
    try (BufferedReader in = open(file)) {
      String first = in.readLine();
      if (first == null) {
        throw new DataFormatException(file + ": the file is empty; expected a header line");
      }
      header = first.split(",", -1);
      for (int i = 0; i < header.length; i++) {
        header[i] = header[i].trim();
      }
      labelIndex = Arrays.asList(header).indexOf(labelColumn);
      if (labelIndex < 0) {
        throw new DataFormatException(
            file
                + ": no label column '"
                + labelColumn
                + "'"
                + Names.suggestion(labelColumn, header)
                + "; the header has: "
                + String.join(", ", header)
                + " (set data.labelColumn)");
      }
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",", -1);
        if (cells.length != header.length) {
          throw new DataFormatException(
              file
                  + ":"
                  + lineNo
                  + ": "
                  + cells.length
                  + " fields, but the header has "
                  + header.length
                  + "; fix the row or remove it");
        }
        float[] x = new float[header.length - 1];
        int k = 0;
        float label = 0;
        for (int i = 0; i < cells.length; i++) {
          float v = parse(cells[i], file, lineNo, header[i]);
          if (i == labelIndex) {
            label = v;
          } else {
            x[k++] = v;
          }
        }
        if (classes > 0 && (label != Math.rint(label) || label < 0 || label >= classes)) {
          throw new DataFormatException(
              file
                  + ":"
                  + lineNo
                  + ": label "
                  + cells[labelIndex].trim()
                  + " is not an integer class in [0, "
                  + classes
                  + "); check model.layers' last width or the label column");
        }
        rows.add(x);
        labels.add(label);
      }
    } catch (NoSuchFileException e) {
      throw new DataFormatException(file + ": no such file; check data.train / data.test");
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw new DataFormatException(
          file + ": the gzip stream is damaged or truncated (" + e.getMessage() + ")");
    }
    if (rows.isEmpty()) {
      throw new DataFormatException(file + ": no data rows after the header");
    }
    int width = header.length - 1;
    float[] features = new float[rows.size() * width];
    float[] targets = new float[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      System.arraycopy(rows.get(r), 0, features, r * width, width);
      targets[r] = labels.get(r);
    }
    return new Dataset(features, targets, rows.size(), width, 1);
  }

  private static BufferedReader open(Path file) throws IOException {
    InputStream raw = Files.newInputStream(file);
    InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  private static float parse(String cell, Path file, int line, String column) {
    String s = cell.trim();
    String where = file + ":" + line + ": column '" + column + "'";
    float v;
    try {
      v = Float.parseFloat(s);
    } catch (NumberFormatException e) {
      throw new DataFormatException(
          where + " holds '" + s + "', which is not a number; fix or remove the row");
    }
    if (!Float.isFinite(v)) {
      throw new DataFormatException(
          where + " is " + s + "; every value must be finite (remove or impute it)");
    }
    return v;
  }

  /** Bad input data: the message names the file, the line and the fix. */
  public static final class DataFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataFormatException(String message) {
      super(message);
    }
  }
}
