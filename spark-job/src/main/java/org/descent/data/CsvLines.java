package org.descent.data;

import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import com.univocity.parsers.csv.UnescapedQuoteHandling;

/**
 * Splits one CSV line into its fields per RFC 4180 (quoted fields with commas and doubled quotes),
 * by univocity-parsers, the parser behind Spark's own CSV reader (so it is on every Spark
 * classpath). Blanks around fields are dropped; empty fields are "". A line holds a whole record:
 * Descent reads CSV line by line as Hadoop splits it, so a quoted field cannot span lines. Not
 * thread-safe; one per task.
 */
final class CsvLines {
  private final CsvParser parser;
  private final int maxFields;

  /** A splitter that refuses lines of more than {@code maxFields} fields. */
  CsvLines(int maxFields) {
    this.maxFields = maxFields;
    CsvParserSettings s = new CsvParserSettings();
    s.getFormat().setDelimiter(',');
    s.getFormat().setQuote('"');
    s.getFormat().setQuoteEscape('"');
    s.getFormat().setComment('\0'); // univocity skips '#' lines by default; CSV has no comments
    s.getFormat().setLineSeparator("\n");
    s.setLineSeparatorDetectionEnabled(false);
    s.setIgnoreLeadingWhitespaces(true);
    s.setIgnoreTrailingWhitespaces(true);
    s.setIgnoreLeadingWhitespacesInQuotes(true);
    s.setIgnoreTrailingWhitespacesInQuotes(true);
    s.setNullValue("");
    s.setEmptyValue("");
    s.setMaxColumns(maxFields);
    s.setMaxCharsPerColumn(-1);
    s.setUnescapedQuoteHandling(UnescapedQuoteHandling.STOP_AT_DELIMITER);
    s.setErrorContentLength(0); // a data value never goes into an exception message
    this.parser = new CsvParser(s);
  }

  /**
   * The fields of {@code line}; throws {@link IllegalArgumentException} with what is wrong (a quote
   * left open, more than the allowed number of fields).
   */
  String[] split(String line) {
    if (openQuote(line)) {
      throw new IllegalArgumentException(
          "a quoted field is not closed on this line (a field cannot span lines; a quote inside"
              + " a quoted field is written \"\")");
    }
    String[] cells;
    try {
      cells = parser.parseLine(line);
    } catch (TextParsingException e) {
      throw new IllegalArgumentException("more than " + maxFields + " fields");
    }
    return cells == null ? new String[] {""} : cells;
  }

  /** An odd number of quote characters: RFC 4180 doubles quotes inside quoted fields. */
  private static boolean openQuote(String line) {
    boolean open = false;
    for (int i = line.indexOf('"'); i >= 0; i = line.indexOf('"', i + 1)) {
      open = !open;
    }
    return open;
  }
}
