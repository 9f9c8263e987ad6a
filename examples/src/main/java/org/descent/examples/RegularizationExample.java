package org.descent.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.descent.config.Configuration;
import org.descent.config.ModelConfig;
import org.descent.config.TrainConfig;
import org.descent.nn.FeatureScaling;
import org.descent.ps.config.DataKeys;
import org.descent.ps.config.ModelKeys;
import org.descent.ps.config.UpdateKeys;
import org.descent.ps.train.CsvDatasetReader;
import org.descent.ps.train.Dataset;
import org.descent.ps.train.EpochMetrics;
import org.descent.ps.train.TrainingResult;
import org.knowm.xchart.XYChart;

/**
 * Regularisation on and off: a wide network (model.layers) trained on a small slice of the digits
 * (TRAIN_FRACTION, so that it overfits), the rest held out for validation, four times with {@link
 * org.descent.ps.train.LocalTrainer}: plain, with dropout, with L2 and with batch norm. One panel
 * per run shows training against validation loss per epoch.
 */
final class RegularizationExample {
  static final double TRAIN_FRACTION = 0.15;
  static final String DROPOUT = "0.5";
  static final String L2 = "0.0005";

  private RegularizationExample() {}

  static ExampleResult run(ExampleRun run) {
    Configuration base = run.conf();
    Dataset all = readDigits(base);
    Dataset[] split = all.split(TRAIN_FRACTION, TrainConfig.settings(base).seed());
    Map<String, Configuration> variants = new LinkedHashMap<>();
    variants.put("no regularisation", base);
    variants.put("dropout " + DROPOUT, run.confWith(ModelKeys.DROPOUT.name(), DROPOUT));
    variants.put("L2 " + L2, run.confWith(UpdateKeys.REGULARIZATION_L2.name(), L2));
    variants.put("batch norm", run.confWith(ModelKeys.BATCH_NORM.name(), "true"));

    Map<String, Double> numbers = new LinkedHashMap<>();
    List<XYChart> panels = new ArrayList<>();
    for (Map.Entry<String, Configuration> v : variants.entrySet()) {
      TrainingResult r = ExampleTraining.train(v.getValue(), split[0], split[1]).result();
      List<EpochMetrics> h = r.history();
      EpochMetrics last = h.get(h.size() - 1);
      EpochMetrics best = h.get(r.bestEpoch() - 1);
      String key = v.getKey().split(" ")[0].toLowerCase(java.util.Locale.ROOT);
      numbers.put(key + ".trainLoss", last.trainLoss());
      numbers.put(key + ".validationLoss", last.validationLoss());
      numbers.put(key + ".bestValidationLoss", best.validationLoss());
      numbers.put(key + ".validationAccuracy", last.validationAccuracy());
      run.log()
          .printf(
              "%-18s last epoch: train loss %s, validation loss %s (best %s in epoch %d),"
                  + " validation accuracy %s%n",
              v.getKey(),
              Examples.format(last.trainLoss()),
              Examples.format(last.validationLoss()),
              Examples.format(best.validationLoss()),
              r.bestEpoch(),
              Examples.format(last.validationAccuracy()));
      XYChart panel = Charts.lines(v.getKey(), "epoch", "mean loss");
      Charts.addCurve(panel, "train", h.stream().mapToDouble(EpochMetrics::trainLoss).toArray());
      Charts.addCurve(
          panel, "validation", h.stream().mapToDouble(EpochMetrics::validationLoss).toArray());
      panel.getStyler().setYAxisMin(0.0);
      panels.add(panel);
    }
    Path png = Charts.saveGrid(panels, 2, 2, run.out(), "regularization-curves.png");
    return new ExampleResult(numbers, List.of(png));
  }

  /** data.train read in this process, pixels divided by data.scalingDivisor. */
  private static Dataset readDigits(Configuration conf) {
    Path file = Path.of(conf.required(DataKeys.TRAIN));
    int classes = ModelConfig.networkSpec(conf).outputWidth();
    try {
      Dataset d = CsvDatasetReader.read(file, conf.get(DataKeys.LABEL_COLUMN), classes);
      float divisor = conf.read(DataKeys.SCALING_DIVISOR).floatValue();
      FeatureScaling.divide(d.width(), divisor).apply(d.features(), 0, d.rows());
      return d;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
