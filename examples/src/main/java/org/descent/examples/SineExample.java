package org.descent.examples;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.descent.config.Configuration;
import org.descent.nn.Minibatch;
import org.descent.ps.config.ModelKeys;
import org.descent.ps.train.Dataset;
import org.descent.ps.train.Evaluation;
import org.knowm.xchart.XYChart;

/**
 * Universal approximation: sin(x) on [−π, π] fitted by one hidden layer of 10, 50 and 200 units
 * (the activation, optimiser and epochs of conf/examples/sine.properties), each trained on the same
 * 200 points with {@link org.descent.ps.train.LocalTrainer}. Prints each fit's mean squared error
 * against sin on 1,000 points between the training points and plots the fits against the truth.
 */
final class SineExample {
  static final int[] HIDDEN_UNITS = {10, 50, 200};
  static final int TRAIN_POINTS = 200;
  static final int TEST_POINTS = 1000;

  private SineExample() {}

  static ExampleResult run(ExampleRun run) {
    Dataset train = SyntheticData.sine(TRAIN_POINTS);
    Dataset test = SyntheticData.sine(TEST_POINTS);
    XYChart chart = Charts.lines("sin(x) and one-hidden-layer fits", "x", "y");
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
    chart.getStyler().setXAxisDecimalPattern("0.00");
    double[] xs = new double[TEST_POINTS];
    double[] truth = new double[TEST_POINTS];
    for (int i = 0; i < TEST_POINTS; i++) {
      xs[i] = test.features()[i];
      truth[i] = test.targets()[i];
    }
    Charts.addLine(chart, "sin(x)", xs, truth).setLineWidth(4f);
    Map<String, Double> numbers = new LinkedHashMap<>();
    for (int units : HIDDEN_UNITS) {
      Configuration conf =
          run.confWith(ModelKeys.LAYERS.name(), "1," + units + ",1", ModelKeys.HEAD.name(), "mse");
      ExampleTraining.Trained fit = ExampleTraining.train(conf, train, null);
      Evaluation e = fit.evaluate(test);
      numbers.put(units + ".mse", e.mse());
      run.log().println(units + " hidden units: MSE " + Examples.format(e.mse()));
      double[] ys = new double[TEST_POINTS];
      float[] out = new float[TEST_POINTS];
      fit.network()
          .predict(
              fit.result().parameters(),
              fit.result().layerState(),
              Minibatch.of(test.features(), 0, TEST_POINTS),
              fit.network().workspace(TEST_POINTS),
              out,
              0);
      for (int i = 0; i < TEST_POINTS; i++) {
        ys[i] = out[i];
      }
      Charts.addLine(chart, units + " units (MSE " + Examples.format(e.mse()) + ")", xs, ys);
    }
    Path png = Charts.save(chart, run.out(), "sine-fits.png");
    return new ExampleResult(numbers, List.of(png));
  }
}
