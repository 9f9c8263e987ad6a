package org.descent.examples;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.descent.config.Configuration;
import org.descent.config.ModelConfig;
import org.descent.config.TrainConfig;
import org.descent.nn.NetworkSpec;
import org.descent.nn.ParameterLayout;
import org.descent.ps.config.UpdateKeys;
import org.descent.ps.train.Dataset;
import org.knowm.xchart.XYChart;

/**
 * The course's TensorFlow slide: N=16 random inputs of Din=1000, random targets of Dout=10, a
 * hidden ReLU layer of H=100, squared error summed over outputs and averaged over rows, weights
 * drawn from N(0, 1) and plain gradient descent with lr 1e-6 for 1,000 full-batch steps. Here the
 * steps are Descent's {@link org.descent.ps.train.LocalTrainer} with train.batchSize = N (one step
 * per epoch); the only difference from the slide is that Descent's layers also have biases
 * (starting at 0). Plots the loss per step on a log scale.
 */
final class TwoLayerReluExample {
  private TwoLayerReluExample() {}

  static ExampleResult run(ExampleRun run) {
    Configuration conf = run.conf();
    NetworkSpec spec = ModelConfig.networkSpec(conf);
    int rows = TrainConfig.settings(conf).batchSize();
    long seed = TrainConfig.settings(conf).seed();
    Dataset data = SyntheticData.gaussian(rows, spec.inputWidth(), spec.outputWidth(), seed);
    float[] initial = standardNormalWeights(spec, seed + 1);
    ExampleTraining.Trained trained = ExampleTraining.train(conf, spec, initial, data, null);

    double[] losses = trained.result().stepLosses();
    double first = losses[0];
    double last = trained.evaluate(data).loss();
    Map<String, Double> numbers = new LinkedHashMap<>();
    numbers.put("loss.first", first);
    numbers.put("loss.last", last);
    numbers.put("steps", (double) losses.length);
    run.log()
        .println(
            "two-layer ReLU "
                + spec
                + ", N="
                + rows
                + ": loss "
                + Examples.format(first)
                + " before the first step, "
                + Examples.format(last)
                + " after "
                + losses.length
                + " steps of "
                + conf.get(UpdateKeys.OPTIMIZER_NAME)
                + " (lr "
                + conf.get(UpdateKeys.OPTIMIZER_LR)
                + ")");

    XYChart chart =
        Charts.lines(
            "Two-layer ReLU net, plain gradient descent (N=" + rows + ")",
            "step",
            "loss (mean over rows of Σ squared error)");
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setLegendVisible(false);
    Charts.addCurve(chart, "loss", losses);
    Path png = Charts.save(chart, run.out(), "two-layer-relu-loss.png");
    return new ExampleResult(numbers, List.of(png));
  }

  /** Every weight from N(0, 1) as the slide's tf.random.normal; biases 0. */
  static float[] standardNormalWeights(NetworkSpec spec, long seed) {
    ParameterLayout layout = ParameterLayout.of(spec);
    float[] params = new float[layout.size()];
    SplittableRandom rng = new SplittableRandom(seed);
    for (int l = 0; l < layout.denseLayerCount(); l++) {
      ParameterLayout.Dense d = layout.dense(l);
      for (int i = 0; i < d.in() * d.out(); i++) {
        params[d.weightOffset() + i] = (float) rng.nextGaussian();
      }
    }
    return params;
  }
}
