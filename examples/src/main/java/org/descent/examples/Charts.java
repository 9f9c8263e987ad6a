package org.descent.examples;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** XChart charts for the examples, rendered headless to PNG files. */
final class Charts {
  static {
    // The examples run on servers without a display; AWT must not look for one.
    System.setProperty("java.awt.headless", "true");
  }

  /** Class colours: strong for data points, the same hue light for the plane behind them. */
  static final Color[] CLASS_COLORS = {
    new Color(0xD6, 0x27, 0x28), new Color(0x1F, 0x77, 0xB4), new Color(0x2C, 0xA0, 0x2C)
  };

  private Charts() {}

  /** An empty line chart with labelled axes and the legend inside, top right. */
  static XYChart lines(String title, String xLabel, String yLabel) {
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(560)
            .title(title)
            .xAxisTitle(xLabel)
            .yAxisTitle(yLabel)
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setMarkerSize(0);
    chart.getStyler().setXAxisTickMarkSpacingHint(90);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    return chart;
  }

  /** Adds {@code ys} against 1, 2, … (epochs or steps) as a line without markers. */
  static XYSeries addCurve(XYChart chart, String name, double[] ys) {
    double[] xs = new double[ys.length];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = i + 1;
    }
    return addLine(chart, name, xs, ys);
  }

  static XYSeries addLine(XYChart chart, String name, double[] xs, double[] ys) {
    XYSeries s = chart.addSeries(name, xs, ys);
    s.setMarker(SeriesMarkers.NONE);
    return s;
  }

  /** Adds points drawn as {@code marker}s in {@code color}, without lines. */
  static XYSeries addPoints(
      XYChart chart,
      String name,
      double[] xs,
      double[] ys,
      Color color,
      Marker marker,
      boolean inLegend) {
    XYSeries s = chart.addSeries(name, xs, ys);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    s.setMarker(marker);
    s.setMarkerColor(color);
    s.setShowInLegend(inLegend);
    return s;
  }

  /** {@code c} mixed with white: {@code amount} 0 is {@code c}, 1 is white. */
  static Color lighter(Color c, double amount) {
    return new Color(
        (int) Math.round(c.getRed() + (255 - c.getRed()) * amount),
        (int) Math.round(c.getGreen() + (255 - c.getGreen()) * amount),
        (int) Math.round(c.getBlue() + (255 - c.getBlue()) * amount));
  }

  /** A small square heat map of {@code side × side} values, row-major (e.g. an 8×8 template). */
  static HeatMapChart image(String title, float[] values, int side) {
    HeatMapChart chart = new HeatMapChartBuilder().width(220).height(220).title(title).build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setAxisTicksVisible(false);
    chart.getStyler().setPlotContentSize(1.0);
    chart.getStyler().setPlotGridLinesVisible(false);
    chart
        .getStyler()
        .setRangeColors(new Color[] {new Color(0x2166AC), Color.WHITE, new Color(0xB2182B)});
    int[] axis = new int[side];
    for (int i = 0; i < side; i++) {
      axis[i] = i;
    }
    float max = 1e-12f;
    for (float v : values) {
      max = Math.max(max, Math.abs(v));
    }
    int[][] cells = new int[side][side]; // [x][y], scaled to [-100, 100]
    for (int r = 0; r < side; r++) {
      for (int c = 0; c < side; c++) {
        // Image rows run top to bottom; the chart's y axis runs bottom to top.
        cells[c][side - 1 - r] = Math.round(100 * values[r * side + c] / max);
      }
    }
    chart.getStyler().setMin(-100);
    chart.getStyler().setMax(100);
    chart.addSeries("w", axis, axis, cells);
    return chart;
  }

  /** Writes {@code chart} as {@code dir/name} (a .png name) and returns the file. */
  static Path save(Chart<?, ?> chart, Path dir, String name) {
    Path file = dir.resolve(name);
    try {
      Files.createDirectories(dir);
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    return file;
  }

  /** Writes several charts as one PNG, {@code rows × cols} of them. */
  static <C extends Chart<?, ?>> Path saveGrid(
      List<C> charts, int rows, int cols, Path dir, String name) {
    Path file = dir.resolve(name);
    try {
      Files.createDirectories(dir);
      BitmapEncoder.saveBitmap(charts, rows, cols, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    return file;
  }
}
