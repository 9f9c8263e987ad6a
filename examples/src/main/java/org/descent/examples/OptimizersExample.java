package org.descent.examples;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.descent.config.Configuration;
import org.descent.config.TrainConfig;
import org.descent.ps.config.UpdateKeys;
import org.descent.ps.train.Dataset;
import org.descent.ps.train.EpochMetrics;
import org.descent.ps.train.TrainingResult;
import org.knowm.xchart.XYChart;

/**
 * The course's optimisers side by side: SGD, Momentum, Nesterov, AdaGrad, RMSProp and Adam train
 * the same network (model.layers) from the same initial weights on the same spiral, with the same
 * learning rate, batch size, minibatch order and number of steps ({@link
 * org.descent.ps.train.LocalTrainer}); the training loss per epoch of all six in one plot.
 */
final class OptimizersExample {
  static final String[] OPTIMIZERS = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"};

  private OptimizersExample() {}

  static ExampleResult run(ExampleRun run) {
    long seed = TrainConfig.settings(run.conf()).seed();
    Dataset points =
        SyntheticData.spiral(SpiralExample.POINTS_PER_CLASS, SpiralExample.CLASSES, seed);
    XYChart chart =
        Charts.lines(
            "Optimisers on the spiral (lr " + run.conf().get(UpdateKeys.OPTIMIZER_LR) + ")",
            "epoch",
            "mean training loss");
    Map<String, Double> numbers = new LinkedHashMap<>();
    for (String name : OPTIMIZERS) {
      Configuration conf = run.confWith(UpdateKeys.OPTIMIZER_NAME.name(), name);
      TrainingResult result = ExampleTraining.train(conf, points, null).result();
      double[] losses = result.history().stream().mapToDouble(EpochMetrics::trainLoss).toArray();
      numbers.put(name + ".first", losses[0]);
      numbers.put(name + ".last", losses[losses.length - 1]);
      run.log()
          .printf(
              "%-9s training loss %s in epoch 1, %s in epoch %d%n",
              name,
              Examples.format(losses[0]),
              Examples.format(losses[losses.length - 1]),
              losses.length);
      Charts.addCurve(chart, name, losses);
    }
    Path png = Charts.save(chart, run.out(), "optimizers-loss.png");
    return new ExampleResult(numbers, List.of(png));
  }
}
