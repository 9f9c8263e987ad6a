package org.descent.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Opens an HTML page in Debian's headless Chromium and reports how its images rendered: a copy of
 * the page gets a script that, after the load event, writes every image's natural width into the
 * DOM, and {@code --dump-dom} prints that DOM. A broken image has natural width 0. Tests using it
 * are skipped when /usr/bin/chromium is absent (.ci/run installs it).
 */
public final class HeadlessChromium {
  public static final Path BINARY = Path.of("/usr/bin/chromium");

  private static final String PROBE =
      "<script>window.addEventListener('load',function(){var p=document.createElement('pre');"
          + "p.id='descent-probe';p.textContent='loaded;'+Array.prototype.map.call("
          + "document.images,function(i){return i.naturalWidth+'x'+i.naturalHeight}).join(',');"
          + "document.body.appendChild(p);});</script>";

  private static final Pattern RESULT =
      Pattern.compile("<pre id=\"descent-probe\">loaded;([0-9x,]*)</pre>");

  private HeadlessChromium() {}

  /** Skips the calling test unless Chromium is installed. */
  public static void assumeInstalled() {
    Assumptions.assumeTrue(
        Files.isExecutable(BINARY), "Chromium not installed (apt-get install chromium)");
  }

  /**
   * Loads {@code page} (a copy with the probe script) and returns each image's natural size as
   * {@code {width, height}}, in document order.
   *
   * @throws AssertionError when the page did not finish loading or Chromium failed
   */
  public static List<int[]> imageSizes(Path page) throws IOException, InterruptedException {
    Path work = Files.createTempDirectory("descent-chromium");
    try {
      String html = Files.readString(page, StandardCharsets.UTF_8);
      Path probed = work.resolve("probed.html");
      Files.writeString(probed, html.replace("</body>", PROBE + "</body>"), StandardCharsets.UTF_8);
      Path profile = Files.createDirectories(work.resolve("profile"));
      Path dom = work.resolve("dom.html");
      Process p =
          new ProcessBuilder(
                  BINARY.toString(),
                  "--headless",
                  "--no-sandbox",
                  "--disable-gpu",
                  "--disable-quic",
                  "--no-first-run",
                  "--disable-background-networking",
                  "--disable-component-update",
                  "--disable-sync",
                  "--user-data-dir=" + profile,
                  "--virtual-time-budget=10000",
                  "--dump-dom",
                  probed.toUri().toString())
              .redirectOutput(dom.toFile())
              .redirectError(work.resolve("stderr.txt").toFile())
              .start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("Chromium did not finish within 120 s");
      }
      String out = Files.readString(dom, StandardCharsets.UTF_8);
      Matcher m = RESULT.matcher(out);
      if (p.exitValue() != 0 || !m.find()) {
        throw new AssertionError(
            "Chromium exit "
                + p.exitValue()
                + ", no load probe in the DOM; stderr: "
                + Files.readString(work.resolve("stderr.txt")));
      }
      List<int[]> sizes = new ArrayList<>();
      for (String s : m.group(1).split(",")) {
        if (!s.isEmpty()) {
          String[] wh = s.split("x");
          sizes.add(new int[] {Integer.parseInt(wh[0]), Integer.parseInt(wh[1])});
        }
      }
      return sizes;
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
