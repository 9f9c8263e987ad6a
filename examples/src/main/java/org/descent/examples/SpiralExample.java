package org.descent.examples;

import java.awt.Color;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.descent.config.Configuration;
import org.descent.config.TrainConfig;
import org.descent.nn.Minibatch;
import org.descent.nn.Network;
import org.descent.nn.Workspace;
import org.descent.ps.config.ModelKeys;
import org.descent.ps.train.Dataset;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Three interleaved spiral arms in the plane: a linear softmax classifier (model.layers=2,3) cannot
 * separate them, the one-hidden-layer ReLU net of model.layers (2,100,3) can. Trains both with
 * {@link org.descent.ps.train.LocalTrainer}, prints their accuracy on the 300 points and draws each
 * decision boundary: the plane coloured by predicted class, the points on top.
 */
final class SpiralExample {
  static final int POINTS_PER_CLASS = 100;
  static final int CLASSES = 3;
  private static final int GRID = 80;
  private static final double EXTENT = 1.15;

  private SpiralExample() {}

  static ExampleResult run(ExampleRun run) {
    Configuration relu = run.conf();
    long seed = TrainConfig.settings(relu).seed();
    Dataset points = SyntheticData.spiral(POINTS_PER_CLASS, CLASSES, seed);
    Configuration linear = run.confWith(ModelKeys.LAYERS.name(), "2," + CLASSES);

    Map<String, Double> numbers = new LinkedHashMap<>();
    ExampleTraining.Trained lin = ExampleTraining.train(linear, points, null);
    double linAccuracy = lin.evaluate(points).accuracy();
    numbers.put("linear.accuracy", linAccuracy);
    run.log().println("linear softmax classifier (2,3): accuracy " + Examples.format(linAccuracy));

    ExampleTraining.Trained net = ExampleTraining.train(relu, points, null);
    double netAccuracy = net.evaluate(points).accuracy();
    numbers.put("relu.accuracy", netAccuracy);
    run.log()
        .println(
            "ReLU network ("
                + relu.get(ModelKeys.LAYERS)
                + "): accuracy "
                + Examples.format(netAccuracy));

    Path a =
        Charts.save(
            boundary("Linear classifier: accuracy " + Examples.format(linAccuracy), lin, points),
            run.out(),
            "spiral-linear.png");
    Path b =
        Charts.save(
            boundary(
                "One hidden ReLU layer: accuracy " + Examples.format(netAccuracy), net, points),
            run.out(),
            "spiral-relu.png");
    return new ExampleResult(numbers, List.of(a, b));
  }

  /** The plane on a GRID × GRID lattice coloured by predicted class, the data points on top. */
  static XYChart boundary(String title, ExampleTraining.Trained trained, Dataset points) {
    XYChart chart = new XYChartBuilder().width(640).height(640).title(title).build();
    chart.getStyler().setMarkerSize(9);
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setXAxisMin(-EXTENT).setXAxisMax(EXTENT);
    chart.getStyler().setYAxisMin(-EXTENT).setYAxisMax(EXTENT);
    chart.getStyler().setPlotGridLinesVisible(false);

    int cells = GRID * GRID;
    float[] grid = new float[cells * 2];
    for (int i = 0; i < GRID; i++) {
      for (int j = 0; j < GRID; j++) {
        grid[2 * (i * GRID + j)] = (float) (-EXTENT + 2 * EXTENT * j / (GRID - 1));
        grid[2 * (i * GRID + j) + 1] = (float) (-EXTENT + 2 * EXTENT * i / (GRID - 1));
      }
    }
    int[] planeClass = predict(trained, grid, cells);
    int[] pointClass = new int[points.rows()];
    for (int r = 0; r < points.rows(); r++) {
      pointClass[r] = (int) points.targets()[r];
    }
    for (int k = 0; k < CLASSES; k++) {
      Color c = Charts.CLASS_COLORS[k];
      addClass(chart, "plane " + k, grid, planeClass, k, Charts.lighter(c, 0.65), true);
    }
    for (int k = 0; k < CLASSES; k++) {
      addClass(
          chart, "class " + k, points.features(), pointClass, k, Charts.CLASS_COLORS[k], false);
    }
    return chart;
  }

  private static void addClass(
      XYChart chart, String name, float[] xy, int[] cls, int k, Color color, boolean plane) {
    int n = 0;
    for (int c : cls) {
      n += c == k ? 1 : 0;
    }
    if (n == 0) {
      return; // XChart refuses empty series; no cell of the plane predicts this class
    }
    double[] xs = new double[n];
    double[] ys = new double[n];
    int i = 0;
    for (int r = 0; r < cls.length; r++) {
      if (cls[r] == k) {
        xs[i] = xy[2 * r];
        ys[i++] = xy[2 * r + 1];
      }
    }
    Charts.addPoints(
        chart, name, xs, ys, color, plane ? SeriesMarkers.SQUARE : SeriesMarkers.CIRCLE, !plane);
  }

  /** Predicted class of each of {@code rows} two-dimensional rows. */
  static int[] predict(ExampleTraining.Trained trained, float[] x, int rows) {
    Network network = trained.network();
    Workspace ws = network.workspace(rows);
    network.forward(
        trained.result().parameters(), trained.result().layerState(), Minibatch.of(x, 0, rows), ws);
    int[] out = new int[rows];
    for (int r = 0; r < rows; r++) {
      out[r] = network.predictedClass(ws, r);
    }
    return out;
  }
}
