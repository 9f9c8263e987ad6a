package org.descent.data;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.descent.nn.Names;
import org.descent.ps.InvalidConfigException;
import org.descent.ps.config.DataKeys;

/**
 * CSV per RFC 4180 (optionally compressed): quoted fields may hold commas and doubled quotes
 * ({@link CsvLines}); a record is one line. With a header row (data.header=true, or auto when a
 * cell of the first line is not a number) every file starts with the same header and columns are
 * named by it; without, they are {@code _c0, _c1, ...} as in Spark. The label column(s) by name,
 * the features all other columns or those of {@code data.featureColumns}. Blanks around fields are
 * removed; blank lines are ignored; {@code nan} and {@code inf} read as non-finite values.
 */
final class CsvInput {
  private CsvInput() {}

  static Input read(InputSource in) {
    List<FileStatus> files = InputFiles.resolve(in.key(), in.path(), in.conf());
    String headerFile = files.get(0).getPath().toString();
    String first = InputFiles.firstLine(files.get(0).getPath(), in.conf());
    if (first == null || first.isBlank()) {
      throw new DataException(headerFile + ": the file is empty; expected a header line");
    }
    String[] firstCells;
    try {
      firstCells = new CsvLines(MAX_FIELDS).split(first);
    } catch (IllegalArgumentException e) {
      throw new DataException(headerFile + ":1: " + e.getMessage());
    }
    boolean hasHeader =
        switch (in.settings().header()) {
          case TRUE -> true;
          case FALSE -> false;
          case AUTO -> Arrays.stream(firstCells).anyMatch(c -> !c.isEmpty() && !isNumber(c));
        };
    String[] header = hasHeader ? firstCells : generatedNames(firstCells.length);
    String noHeader =
        hasHeader
            ? ""
            : " (line 1 of "
                + headerFile
                + " holds no column names"
                + (in.settings().header() == DataSettings.Header.AUTO
                    ? ", only numbers; set data.header=true if it is a header"
                    : "")
                + ")";
    boolean unlabelled =
        in.settings().labelsOptional()
            && in.settings().labelColumns().stream().noneMatch(Arrays.asList(header)::contains);
    int[] labels =
        unlabelled
            ? new int[0]
            : indices(
                in.settings().labelColumns(),
                header,
                headerFile,
                DataKeys.LABEL_COLUMN.name(),
                "label",
                noHeader);
    int[] features =
        in.settings().featureColumns().isEmpty()
            ? IntStream.range(0, header.length)
                .filter(c -> Arrays.stream(labels).noneMatch(l -> l == c))
                .toArray()
            : indices(
                in.settings().featureColumns(),
                header,
                headerFile,
                DataKeys.FEATURE_COLUMNS.name(),
                "feature",
                noHeader);
    if (!unlabelled && labels.length != in.shape().targetWidth()) {
      throw new InvalidConfigException(
          DataKeys.LABEL_COLUMN.name(),
          "data.labelColumn names "
              + labels.length
              + " column(s), but the network needs "
              + in.shape().targetWidth()
              + " target(s) per row; list that many columns, comma-separated");
    }
    String[] featureNames = Arrays.stream(features).mapToObj(i -> header[i]).toArray(String[]::new);
    if (features.length != in.shape().width()) {
      throw new BadRecordException(
          BadRecordReason.WRONG_FEATURE_COUNT,
          headerFile
              + ":1: the "
              + (hasHeader ? "header" : "first line")
              + " has "
              + features.length
              + " feature columns, but model.layers starts with "
              + in.shape().width()
              + "; make model.layers start with "
              + features.length
              + " or list the features in data.featureColumns");
    }
    int[] kept =
        in.settings().keepColumns().equals(List.of(DataSettings.KEEP_ALL))
            ? IntStream.range(0, header.length).toArray()
            : indices(
                in.settings().keepColumns(), header, headerFile, "--keep", "--keep", noHeader);
    List<StructField> keptFields =
        Arrays.stream(kept)
            .mapToObj(i -> DataTypes.createStructField(header[i], DataTypes.StringType, false))
            .toList();
    Parser parser =
        new Parser(hasHeader, headerFile, header, features, labels, in.shape().targetWidth(), kept);
    return new Input(
        TextLines.read(in.sc(), files, in.conf(), parser), featureNames, true, keptFields);
  }

  /** Lines with more fields than this are refused before they are split any further. */
  private static final int MAX_FIELDS = 1 << 20;

  /** Spark's names for the columns of a CSV file without header: _c0, _c1, ... */
  static String[] generatedNames(int n) {
    return IntStream.range(0, n).mapToObj(i -> "_c" + i).toArray(String[]::new);
  }

  private static boolean isNumber(String s) {
    try {
      parseNumber(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static int[] indices(
      List<String> names, String[] header, String file, String key, String what, String noHeader) {
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
                + (noHeader.isEmpty() ? "; the header has: " : "; the columns are: ")
                + shorten(String.join(", ", header), 200)
                + noHeader
                + " (set "
                + key
                + ")");
      }
    }
    return idx;
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
    return shorten(s, 40);
  }

  static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }

  /**
   * Parses data lines; with a header, the first line of every file must repeat it. The splitter is
   * built on first use in each task (univocity's parser is not serializable).
   */
  private static final class Parser implements TextLines.LineParser {
    private static final long serialVersionUID = 1L;

    private final boolean hasHeader;
    private final String headerFile;
    private final String[] header;
    private final int[] features;
    private final int[] labels;
    private final int targetWidth;
    private final int[] kept;
    private transient CsvLines lines;

    /** With no label columns (unlabelled prediction input) every target is 0. */
    Parser(
        boolean hasHeader,
        String headerFile,
        String[] header,
        int[] features,
        int[] labels,
        int targetWidth,
        int[] kept) {
      this.targetWidth = targetWidth;
      this.kept = kept;
      this.hasHeader = hasHeader;
      this.headerFile = headerFile;
      this.header = header;
      this.features = features;
      this.labels = labels;
    }

    @Override
    public Example parse(String file, long offset, String line) {
      if (offset == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.isBlank()) {
        return null;
      }
      if (lines == null) {
        lines = new CsvLines(header.length + 1);
      }
      String[] cells;
      try {
        cells = lines.split(line);
      } catch (IllegalArgumentException e) {
        if (offset == 0 && hasHeader) {
          throw new DataException(file + ":1: " + e.getMessage());
        }
        String why = e.getMessage();
        if (why.startsWith("more than")) {
          why += ", but " + (hasHeader ? "the header has " : "the first line has ") + header.length;
        }
        return Example.bad(file, offset, BadRecordReason.MALFORMED, why);
      }
      if (offset == 0 && hasHeader) {
        if (!Arrays.equals(cells, header)) {
          throw new DataException(
              file
                  + ":1: the header differs from "
                  + headerFile
                  + "'s ("
                  + shorten(String.join(",", header))
                  + "); every file needs the same header line");
        }
        return null;
      }
      if (cells.length != header.length) {
        return Example.bad(
            file,
            offset,
            BadRecordReason.MALFORMED,
            cells.length
                + " fields, but "
                + (hasHeader ? "the header has " : "the first line has ")
                + header.length);
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
      Example e = Example.of(file, offset, x, y);
      if (kept.length > 0) {
        Object[] values = new Object[kept.length];
        for (int k = 0; k < kept.length; k++) {
          values[k] = cells[kept[k]];
        }
        e.keeping(values);
      }
      return e;
    }

    /** Parses a cell into {@code out[at]}; returns null, or the reason with what is wrong. */
    private BadRecordReason parse(
        String[] cells, int column, float[] out, int at, StringBuilder problem) {
      String s = cells[column];
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
