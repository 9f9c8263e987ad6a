package org.descent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.html in a real headless Chromium: the page loads and every chart decodes and renders. */
class ReportInBrowserTest {
  @TempDir Path dir;

  @Test
  void chromiumLoadsThePageAndRendersEveryImage() throws Exception {
    HeadlessChromium.assumeInstalled();
    Path file = dir.resolve("report.html");
    TrainingReport.page(TrainingReportTest.sampleRun(true))
        .write(file.toString(), new Configuration());
    List<int[]> sizes = HeadlessChromium.imageSizes(file);
    assertEquals(5, sizes.size());
    for (int[] wh : sizes) {
      assertEquals(Charts.WIDTH, wh[0]);
      assertEquals(Charts.HEIGHT, wh[1]);
    }
  }

  @Test
  void aBrokenImageIsNoticed() throws Exception {
    HeadlessChromium.assumeInstalled();
    Path file = dir.resolve("broken.html");
    new ReportPage("broken")
        .image("not a png", new byte[] {1, 2, 3})
        .write(file.toString(), new Configuration());
    List<int[]> sizes = HeadlessChromium.imageSizes(file);
    assertEquals(1, sizes.size());
    assertTrue(sizes.get(0)[0] == 0, "a broken image has natural width 0");
  }
}
