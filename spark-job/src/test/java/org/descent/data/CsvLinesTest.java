package org.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 4180 splitting of one line, without Spark. */
class CsvLinesTest {
  private final CsvLines csv = new CsvLines(8);

  @Test
  void plainFieldsSplitAtCommasAndLoseSurroundingBlanks() {
    assertArrayEquals(new String[] {"1", "2.5", "-3"}, csv.split("1, 2.5 ,-3"));
  }

  @Test
  void quotedFieldsKeepCommasAndDoubledQuotes() {
    assertArrayEquals(
        new String[] {"7", "Smith, J", "say \"hi\"", ""},
        csv.split("7,\"Smith, J\",\"say \"\"hi\"\"\",\"\""));
  }

  @Test
  void emptyFieldsAreEmptyStringsIncludingATrailingOne() {
    assertArrayEquals(new String[] {"", "1", ""}, csv.split(",1,"));
  }

  @Test
  void aHashIsAnOrdinaryCharacter() {
    assertArrayEquals(new String[] {"#1", "x#"}, csv.split("#1,x#"));
  }

  @Test
  void anOpenQuoteIsRefusedWithWhy() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> csv.split("1,\"2,3"));
    assertTrue(
        e.getMessage().contains("a quoted field is not closed on this line"), e.getMessage());
  }

  @Test
  void moreFieldsThanAllowedAreRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> csv.split("1,2,3,4,5,6,7,8,9,10"));
    assertTrue(e.getMessage().contains("more than 8 fields"), e.getMessage());
  }
}
