package org.descent.report;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.descent.io.HadoopFiles;

/**
 * A self-contained HTML page: sections of headings, text, tables and PNG images embedded as {@code
 * data:} URIs, so the one file can be mailed, archived or opened from HDFS without its neighbours.
 * All text is HTML-escaped; only {@link #rawHtml} takes markup.
 */
public final class ReportPage {
  private static final String STYLE =
      """
      body{font-family:system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#222}
      h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ccc}
      img{width:600px;max-width:100%;height:auto;display:block;margin:.5em 0}
      table{border-collapse:collapse;margin:.5em 0}
      td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right;font-variant-numeric:tabular-nums}
      td:first-child,th:first-child{text-align:left}
      p.note{color:#555}
      """;

  private final String title;
  private final StringBuilder body = new StringBuilder();
  private boolean inSection;

  public ReportPage(String title) {
    this.title = title;
  }

  /** Starts a section {@code <section id="id">} headed by {@code heading}. */
  public ReportPage section(String id, String heading) {
    closeSection();
    body.append("<section id=\"")
        .append(escape(id))
        .append("\">\n<h2>")
        .append(escape(heading))
        .append("</h2>\n");
    inSection = true;
    return this;
  }

  public ReportPage paragraph(String text) {
    body.append("<p>").append(escape(text)).append("</p>\n");
    return this;
  }

  /** A paragraph in grey, for explanations and "nothing to show" notes. */
  public ReportPage note(String text) {
    body.append("<p class=\"note\">").append(escape(text)).append("</p>\n");
    return this;
  }

  /** A PNG image, embedded; {@code alt} says what it shows. */
  public ReportPage image(String alt, byte[] png) {
    body.append("<img alt=\"")
        .append(escape(alt))
        .append("\" src=\"")
        .append(pngDataUri(png))
        .append("\">\n");
    return this;
  }

  /** A table with a header row; cells are text. */
  public ReportPage table(List<String> header, List<List<String>> rows) {
    body.append("<table>\n<tr>");
    for (String h : header) {
      body.append("<th>").append(escape(h)).append("</th>");
    }
    body.append("</tr>\n");
    for (List<String> row : rows) {
      body.append("<tr>");
      for (String cell : row) {
        body.append("<td>").append(escape(cell)).append("</td>");
      }
      body.append("</tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  /** Markup the caller built (and escaped) itself, e.g. a table with coloured cells. */
  public ReportPage rawHtml(String html) {
    body.append(html).append('\n');
    return this;
  }

  /** The whole page. */
  public String render() {
    closeSection();
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
        + escape(title)
        + "</title>\n<style>\n"
        + STYLE
        + "</style>\n</head>\n<body>\n<h1>"
        + escape(title)
        + "</h1>\n"
        + body
        + "</body>\n</html>\n";
  }

  /** Writes the page as UTF-8 to {@code file} (any Hadoop URI), atomically. */
  public void write(String file, Configuration conf) {
    byte[] bytes = render().getBytes(StandardCharsets.UTF_8);
    HadoopFiles.writeAtomically(new Path(file), conf, out -> out.write(bytes));
  }

  public static String pngDataUri(byte[] png) {
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
  }

  /** Text as HTML: {@code & < > " '} escaped. */
  public static String escape(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  private void closeSection() {
    if (inSection) {
      body.append("</section>\n");
      inSection = false;
    }
  }
}
