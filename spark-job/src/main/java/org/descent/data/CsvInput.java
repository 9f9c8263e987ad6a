package org.descent.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.api.java.JavaSparkContext;
import org.descent.nn.Names;
import org.descent.ps.InvalidConfigException;

/**
 * CSV with a header row in every file (optionally compressed): the label column(s) by name, the
 * features all other columns or those of {@code data.featureColumns}. Fields are split at commas
 * (quoted fields may not contain commas); surrounding quotes and blanks are removed; blank lines
 * are ignored; {@code nan} and {@code inf} read as non-finite values.
 */
final class CsvInput {
  private CsvInput() {}

  static Input read(
      JavaSparkContext sc,
      String key,
      String path,
      DataSettings settings,
      Shape shape,
      Configuration conf) {
    List<FileStatus> files = InputFiles.resolve(key, path, conf);
    String headerFile = files.get(0).getPath().toString();
    String first = InputFiles.firstLine(files.get(0).getPath(), conf);
    if (first == null || first.isBlank()) {
      throw new DataException(headerFile + ": the file is empty; expected a header line");
    }
    String[] header =
        Arrays.stream(first.split(",", -1)).map(CsvInput::unquote).toArray(String[]::new);
    boolean unlabelled =
        settings.labelsOptional()
            && settings.labelColumns().stream().noneMatch(Arrays.asList(header)::contains);
    int[] labels =
        unlabelled
            ? new int[0]
            : indices(settings.labelColumns(), header, headerFile, "data.labelColumn", "label");
    int[] features;
    if (settings.featureColumns().isEmpty()) {
      List<Integer> rest = new ArrayList<>();
      for (int i = 0; i < header.length; i++) {
        final int c = i;
        if (Arrays.stream(labels).noneMatch(l -> l == c)) {
          rest.add(i);
        }
      }
      features = rest.stream().mapToInt(Integer::intValue).toArray();
    } else {
      features =
          indices(settings.featureColumns(), header, headerFile, "data.featureColumns", "feature");
    }
    if (!unlabelled && labels.length != shape.targetWidth()) {
      throw new InvalidConfigException(
          "data.labelColumn",
          "data.labelColumn names "
              + labels.length
              + " column(s), but the network needs "
              + shape.targetWidth()
              + " target(s) per row; list that many columns, comma-separated");
    }
    String[] featureNames = Arrays.stream(features).mapToObj(i -> header[i]).toArray(String[]::new);
    if (features.length != shape.width()) {
      throw new BadRecordException(
          BadRecordReason.WRONG_FEATURE_COUNT,
          headerFile
              + ":1: the header has "
              + features.length
              + " feature columns, but model.layers starts with "
              + shape.width()
              + "; make model.layers start with "
              + features.length
              + " or list the features in data.featureColumns");
    }
    Parser parser =
        new Parser(first.strip(), headerFile, header, features, labels, shape.targetWidth());
    return new Input(TextLines.read(sc, files, conf, parser), featureNames, true);
  }

  private static int[] indices(
      List<String> names, String[] header, String file, String key, String what) {
    int[] idx = new int[names.size()];
    List<String> h = Arrays.asList(header);
    for (int i = 0; i < idx.length; i++) {
      idx[i] = h.indexOf(names.get(i));
      if (idx[i] < 0) {
        throw new DataException(
            file
                + ": no "
                + what
                + " column '"
                + names.get(i)
                + "'"
                + Names.suggestion(names.get(i), header)
                + "; the header has: "
                + String.join(", ", header)
                + " (set "
                + key
                + ")");
      }
    }
    return idx;
  }

  static String unquote(String cell) {
    String s = cell.strip();
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      s = s.substring(1, s.length() - 1).strip();
    }
    return s;
  }

  /** A number as written by common tools; throws NumberFormatException. */
  static float parseNumber(String s) {
    switch (s.toLowerCase(Locale.ROOT)) {
      case "nan":
        return Float.NaN;
      case "inf", "+inf", "infinity", "+infinity":
        return Float.POSITIVE_INFINITY;
      case "-inf", "-infinity":
        return Float.NEGATIVE_INFINITY;
      default:
        return Float.parseFloat(s);
    }
  }

  static String shorten(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }

  /** Parses data lines; the first line of every file must repeat the header. */
  private static final class Parser implements TextLines.LineParser {
    private static final long serialVersionUID = 1L;

    private final String headerLine;
    private final String headerFile;
    private final String[] header;
    private final int[] features;
    private final int[] labels;
    private final int targetWidth;

    /** With no label columns (unlabelled prediction input) every target is 0. */
    Parser(
        String headerLine,
        String headerFile,
        String[] header,
        int[] features,
        int[] labels,
        int targetWidth) {
      this.targetWidth = targetWidth;
      this.headerLine = headerLine;
      this.headerFile = headerFile;
      this.header = header;
      this.features = features;
      this.labels = labels;
    }

    @Override
    public Example parse(String file, long offset, String line) {
      if (offset == 0) {
        String h = line.startsWith("\uFEFF") ? line.substring(1).strip() : line.strip();
        if (!h.equals(headerLine)) {
          throw new DataException(
              file
                  + ":1: the header differs from "
                  + headerFile
                  + "'s ("
                  + shorten(headerLine)
                  + "); every file needs the same header line");
        }
        return null;
      }
      if (line.isBlank()) {
        return null;
      }
      String[] cells = line.split(",", -1);
      if (cells.length != header.length) {
        return Example.bad(
            file,
            offset,
            BadRecordReason.MALFORMED,
            cells.length + " fields, but the header has " + header.length);
      }
      float[] x = new float[features.length];
      float[] y = new float[targetWidth]; // labels name exactly targetWidth columns, or none
      StringBuilder problem = new StringBuilder();
      for (int j = 0; j < features.length + labels.length; j++) {
        boolean feature = j < features.length;
        BadRecordReason why =
            feature
                ? parse(cells, features[j], x, j, problem)
                : parse(cells, labels[j - features.length], y, j - features.length, problem);
        if (why != null) {
          return Example.bad(file, offset, why, problem.toString());
        }
      }
      return Example.of(file, offset, x, y);
    }

    /** Parses a cell into {@code out[at]}; returns null, or the reason with what is wrong. */
    private BadRecordReason parse(
        String[] cells, int column, float[] out, int at, StringBuilder problem) {
      String s = unquote(cells[column]);
      if (s.isEmpty()) {
        problem.append("column '").append(header[column]).append("' is empty");
        return BadRecordReason.MISSING_VALUE;
      }
      try {
        out[at] = parseNumber(s);
        return null;
      } catch (NumberFormatException e) {
        problem
            .append("column '")
            .append(header[column])
            .append("' holds '")
            .append(shorten(s))
            .append("', which is not a number");
        return BadRecordReason.MALFORMED;
      }
    }
  }
}
