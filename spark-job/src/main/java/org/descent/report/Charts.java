package org.descent.report;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts as PNG bytes, drawn by XChart off screen. The JVM is switched to headless AWT before the
 * first chart (a driver on a server has no display; without it AWT may look for one and fail).
 * Points whose x or y is NaN or infinite, or not positive on a logarithmic axis, are left out.
 */
public final class Charts {
  /** Pixels of every chart; twice the CSS size the page shows them at, for sharp text. */
  public static final int WIDTH = 1200;

  public static final int HEIGHT = 640;

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private Charts() {}

  /** A named line: {@code y[i]} at {@code x[i]}. */
  public record Series(String name, double[] x, double[] y) {
    public Series {
      if (x.length != y.length) {
        throw new IllegalArgumentException(
            "series '" + name + "': " + x.length + " x values but " + y.length + " y values");
      }
    }
  }

  /** Axis titles and scales of a chart. */
  public record Axes(String x, String y, boolean logX, boolean logY) {
    public static Axes linear(String x, String y) {
      return new Axes(x, y, false, false);
    }
  }

  /** Lines (no markers) of every series with at least one drawable point. */
  public static byte[] lines(String title, Axes axes, List<Series> series) {
    XYChart chart = framed(new XYChart(WIDTH, HEIGHT, Styler.ChartTheme.XChart), title, axes);
    chart.getStyler().setXAxisLogarithmic(axes.logX());
    chart.getStyler().setYAxisLogarithmic(axes.logY());
    chart.getStyler().setLegendVisible(series.size() > 1);
    int drawn = 0;
    for (Series s : series) {
      double[][] xy = drawable(s, axes);
      if (xy[0].length > 0) {
        // a line of one point is invisible: few points get dots
        chart
            .addSeries(s.name(), xy[0], xy[1])
            .setMarker(xy[0].length <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        drawn++;
      }
    }
    if (drawn == 0) {
      throw new IllegalArgumentException("chart '" + title + "' has no finite points to draw");
    }
    return png(chart);
  }

  /**
   * Stacked bars: one bar per category, one coloured part per series ({@code series.y()[i]} for
   * category {@code categories.get(i)}; the series' x values are ignored).
   */
  public static byte[] stackedBars(
      String title, Axes axes, List<String> categories, List<Series> series) {
    CategoryChart chart =
        framed(new CategoryChart(WIDTH, HEIGHT, Styler.ChartTheme.XChart), title, axes);
    chart.getStyler().setStacked(true);
    chart.getStyler().setOverlapped(false);
    chart.getStyler().setXAxisLabelRotation(categories.size() > 20 ? 90 : 0);
    for (Series s : series) {
      List<Double> ys = new ArrayList<>();
      for (double v : s.y()) {
        ys.add(Double.isFinite(v) ? v : 0.0);
      }
      chart.addSeries(s.name(), categories, ys);
    }
    return png(chart);
  }

  /** Encodes any XChart chart as PNG. */
  public static byte[] png(Chart<?, ?> chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode chart as PNG: " + e.getMessage(), e);
    }
  }

  /**
   * {@code chart} titled and styled as every chart of the report starts: the calls, in order, that
   * XChart's builders make ({@code new XYChartBuilder().width(w).height(h).title(t)...build()}),
   * then the report's style.
   */
  private static <C extends Chart<? extends AxesChartStyler, ?>> C framed(
      C chart, String title, Axes axes) {
    chart.setTitle(title);
    chart.setXAxisTitle(axes.x());
    chart.setYAxisTitle(axes.y());
    style(chart.getStyler());
    return chart;
  }

  private static void style(AxesChartStyler styler) {
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setLegendPosition(Styler.LegendPosition.InsideNE);
    styler.setBaseFont(styler.getBaseFont().deriveFont(22f));
    styler.setChartTitleFont(styler.getChartTitleFont().deriveFont(26f));
    styler.setAxisTitleFont(styler.getAxisTitleFont().deriveFont(22f));
    styler.setAxisTickLabelsFont(styler.getAxisTickLabelsFont().deriveFont(18f));
    styler.setLegendFont(styler.getLegendFont().deriveFont(20f));
    styler.setAntiAlias(true);
  }

  private static double[][] drawable(Series s, Axes axes) {
    int n = 0;
    double[] x = new double[s.x().length];
    double[] y = new double[s.y().length];
    for (int i = 0; i < x.length; i++) {
      double xi = s.x()[i];
      double yi = s.y()[i];
      if (Double.isFinite(xi)
          && Double.isFinite(yi)
          && (!axes.logX() || xi > 0)
          && (!axes.logY() || yi > 0)) {
        x[n] = xi;
        y[n] = yi;
        n++;
      }
    }
    return new double[][] {java.util.Arrays.copyOf(x, n), java.util.Arrays.copyOf(y, n)};
  }
}
