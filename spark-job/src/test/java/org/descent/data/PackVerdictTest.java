package org.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The verdicts of the packing tasks merge to the same result in any order, so the driver's message
 * names the first bad records in file order whichever task finishes first.
 */
class PackVerdictTest {
  private static BadRecord bad(String file, long position) {
    return new BadRecord(
        file, position, BadRecordReason.MALFORMED, file + ":" + position + ": bad; fix it");
  }

  private static List<String> locations(PackVerdict v) {
    return v.first().stream().map(BadRecord::location).toList();
  }

  @Test
  void theFirstRecordsInFileOrderWinWhateverTheMergeOrder() {
    List<BadRecord> all = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      all.add(bad(i % 2 == 0 ? "file:/d/a.csv" : "file:/d/b.csv", 100 - i));
    }
    List<String> expected = List.of("file:/d/a.csv:82", "file:/d/a.csv:84", "file:/d/a.csv:86");
    Random random = new Random(3);
    for (int trial = 0; trial < 20; trial++) {
      Collections.shuffle(all, random);
      // Four "partitions", merged in a shuffled order.
      List<PackVerdict> parts = new ArrayList<>();
      for (int p = 0; p < 4; p++) {
        PackVerdict v = new PackVerdict();
        for (int i = p; i < all.size(); i += 4) {
          v.add(all.get(i));
        }
        parts.add(v);
      }
      Collections.shuffle(parts, random);
      PackVerdict merged = new PackVerdict();
      parts.forEach(merged::merge);
      assertEquals(expected, locations(merged));
    }
  }

  @Test
  void theErrorNamesTheFirstAndCountsAllByReason() {
    PackVerdict v = new PackVerdict();
    v.add(bad("file:/d/a.csv", 9));
    v.add(bad("file:/d/a.csv", 4));
    long[] byReason = new long[BadRecordReason.values().length];
    byReason[BadRecordReason.MALFORMED.ordinal()] = 5;
    byReason[BadRecordReason.NON_FINITE_FEATURE.ordinal()] = 2;
    BadRecordException e = v.error(new SkippedRecords(byReason));
    assertEquals(
        "file:/d/a.csv:4: bad; fix it (7 bad records in all: 5 malformed, 2 non-finite feature;"
            + " next at file:/d/a.csv:9)",
        e.getMessage());
    assertEquals(BadRecordReason.MALFORMED, e.reason());
  }

  @Test
  void anUnreadableFileIsKeptAndTheSameWhicheverComesFirst() {
    PackVerdict a = new PackVerdict();
    a.unreadable("file:/d/b.gz: truncated");
    PackVerdict b = new PackVerdict();
    b.unreadable("file:/d/a.gz: truncated");
    assertEquals("file:/d/a.gz: truncated", new PackVerdict().merge(a).merge(b).unreadable());
    assertEquals("file:/d/a.gz: truncated", new PackVerdict().merge(b).merge(a).unreadable());
  }
}
