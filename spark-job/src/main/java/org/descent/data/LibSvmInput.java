package org.descent.data;

/**
 * LIBSVM text ({@code label index:value ...}, indices from 1 and ascending, absent features 0),
 * read line by line so that errors name the file and line. The feature count is the network's input
 * width; an index beyond it is a wrong feature count. Text after {@code #} is a comment. Records
 * stay sparse ({@link Example#sparse}): a row costs its stored entries, not the input width.
 */
final class LibSvmInput {
  private LibSvmInput() {}

  static Input read(InputSource in) {
    in.shape().requireOneTarget("libsvm", "row", "; use csv or parquet");
    in.settings().refuseFeatureColumns("libsvm");
    return new Input(
        TextLines.read(
            in.sc(),
            InputFiles.resolve(in.key(), in.path(), in.conf()),
            in.conf(),
            new Parser(in.shape().width())),
        null,
        true);
  }

  private record Parser(int width) implements TextLines.LineParser {
    private static final long serialVersionUID = 1L;

    @Override
    public Example parse(String file, long offset, String line) {
      int hash = line.indexOf('#');
      String s = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (s.isEmpty()) {
        return null;
      }
      String[] tokens = s.split("\\s+");
      float label;
      try {
        label = CsvInput.parseNumber(tokens[0]);
      } catch (NumberFormatException e) {
        return bad(file, offset, "label '" + CsvInput.shorten(tokens[0]) + "' is not a number");
      }
      int[] columns = new int[tokens.length - 1];
      float[] values = new float[tokens.length - 1];
      int stored = 0; // every token is stored or the record is refused
      int previous = 0;
      for (int k = 1; k < tokens.length; k++) {
        String t = tokens[k];
        int colon = t.indexOf(':');
        if (colon <= 0) {
          return bad(file, offset, "'" + CsvInput.shorten(t) + "' is not index:value");
        }
        int index;
        float value;
        try {
          index = Integer.parseInt(t.substring(0, colon));
          value = CsvInput.parseNumber(t.substring(colon + 1));
        } catch (NumberFormatException e) {
          return bad(file, offset, "'" + CsvInput.shorten(t) + "' is not index:value");
        }
        if (index <= previous) {
          return bad(
              file,
              offset,
              index < 1
                  ? "feature index " + index + " (indices start at 1)"
                  : "feature index " + index + " after " + previous + " (indices must ascend)");
        }
        if (index > width) {
          return Example.bad(
              file,
              offset,
              BadRecordReason.WRONG_FEATURE_COUNT,
              "feature index " + index + " is beyond model.layers' input width " + width);
        }
        columns[stored] = index - 1;
        values[stored++] = value;
        previous = index;
      }
      return Example.sparse(file, offset, columns, values, new float[] {label});
    }

    private static Example bad(String file, long offset, String detail) {
      return Example.bad(file, offset, BadRecordReason.MALFORMED, detail);
    }
  }
}
