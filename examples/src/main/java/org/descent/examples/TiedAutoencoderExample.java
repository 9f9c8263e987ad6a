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
import org.descent.nn.Minibatch;
import org.descent.nn.NetworkSpec;
import org.descent.nn.ParameterLayout;
import org.descent.nn.Workspace;
import org.descent.ps.config.DataKeys;
import org.descent.ps.config.ModelKeys;
import org.descent.ps.train.CsvDatasetReader;
import org.descent.ps.train.Dataset;
import org.descent.ps.train.EpochMetrics;
import org.descent.ps.train.Evaluation;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;

/**
 * Weight sharing as a regulariser: an autoencoder (model.layers, e.g. 64,16,64: the digits' 8×8
 * pixels squeezed through a narrow code and reconstructed, squared error against the input) trained
 * twice with {@link org.descent.ps.train.LocalTrainer} on the same rows from the same seed — with
 * the decoder tied to the transposed encoder (model.ties, e.g. 2:1:transpose, about half the
 * parameters) and with every layer owning its matrix. Reports the reconstruction loss of both on
 * the held-out rows side by side with their parameter counts, plots both runs' loss curves, and
 * draws a few held-out digits with their two reconstructions.
 */
final class TiedAutoencoderExample {
  static final double VALIDATION_FRACTION = 0.2;
  static final int DIGITS_SHOWN = 6;

  private TiedAutoencoderExample() {}

  static ExampleResult run(ExampleRun run) {
    Configuration tiedConf = run.conf();
    NetworkSpec tiedSpec = ModelConfig.networkSpec(tiedConf);
    if (tiedSpec.ties().isEmpty()) {
      throw new org.descent.ps.InvalidConfigException(
          ModelKeys.TIES.name(),
          "the tied-autoencoder example compares a tied net with the untied one: set model.ties,"
              + " e.g. model.ties=2:1:transpose for model.layers=64,16,64");
    }
    if (tiedSpec.inputWidth() != tiedSpec.outputWidth()) {
      throw new org.descent.ps.InvalidConfigException(
          ModelKeys.LAYERS.name(),
          "an autoencoder reconstructs its input: model.layers must end with its input width ("
              + tiedSpec.inputWidth()
              + "), got "
              + tiedSpec.outputWidth());
    }
    Dataset all = readPixels(tiedConf);
    Dataset[] split = all.split(1 - VALIDATION_FRACTION, TrainConfig.settings(tiedConf).seed());
    Map<String, Configuration> variants = new LinkedHashMap<>();
    variants.put("tied", tiedConf);
    variants.put("untied", run.confWith(ModelKeys.TIES.name(), ""));

    Map<String, Double> numbers = new LinkedHashMap<>();
    XYChart curves = Charts.lines("reconstruction loss per epoch", "epoch", "mean squared error");
    Map<String, ExampleTraining.Trained> trained = new LinkedHashMap<>();
    for (Map.Entry<String, Configuration> v : variants.entrySet()) {
      ExampleTraining.Trained t = ExampleTraining.train(v.getValue(), split[0], split[1]);
      trained.put(v.getKey(), t);
      ParameterLayout layout = t.network().layout();
      Evaluation train = t.evaluate(split[0]);
      Evaluation validation = t.evaluate(split[1]);
      String k = v.getKey();
      numbers.put(k + ".parameters", (double) layout.size());
      numbers.put(k + ".trainLoss", train.loss());
      numbers.put(k + ".validationLoss", validation.loss());
      List<EpochMetrics> h = t.result().history();
      Charts.addCurve(
          curves, k + " train", h.stream().mapToDouble(EpochMetrics::trainLoss).toArray());
      Charts.addCurve(
          curves,
          k + " validation",
          h.stream().mapToDouble(EpochMetrics::validationLoss).toArray());
    }
    numbers.put("untied.parametersIfUntied", numbers.get("untied.parameters"));
    numbers.put(
        "tied.parametersIfUntied", (double) trained.get("tied").network().layout().untiedSize());
    run.log()
        .printf(
            "%-8s %12s %22s %22s%n",
            "net", "parameters", "train reconstruction", "held-out reconstruction");
    for (String k : variants.keySet()) {
      run.log()
          .printf(
              "%-8s %,12d %22s %22s%n",
              k,
              numbers.get(k + ".parameters").longValue(),
              Examples.format(numbers.get(k + ".trainLoss")),
              Examples.format(numbers.get(k + ".validationLoss")));
    }
    run.log()
        .printf(
            "(model.layers=%s, model.ties=%s; loss = Σ over the %d pixels of the squared error,"
                + " mean over rows)%n",
            tiedConf.get(ModelKeys.LAYERS), tiedConf.get(ModelKeys.TIES), tiedSpec.inputWidth());
    curves.getStyler().setYAxisMin(0.0);
    Path curvesPng = Charts.save(curves, run.out(), "tied-autoencoder-curves.png");
    Path digitsPng = drawReconstructions(run, trained, split[1], tiedSpec.inputWidth());
    return new ExampleResult(numbers, List.of(curvesPng, digitsPng));
  }

  /** Rows: the held-out digits, then each net's reconstruction of them. */
  private static Path drawReconstructions(
      ExampleRun run, Map<String, ExampleTraining.Trained> trained, Dataset held, int width) {
    int side = (int) Math.round(Math.sqrt(width));
    int shown = Math.min(DIGITS_SHOWN, held.rows());
    List<HeatMapChart> panels = new ArrayList<>();
    for (int i = 0; i < shown; i++) {
      float[] pixels = new float[width];
      System.arraycopy(held.features(), i * width, pixels, 0, width);
      panels.add(Charts.image("input " + (i + 1), pixels, side));
    }
    for (Map.Entry<String, ExampleTraining.Trained> e : trained.entrySet()) {
      ExampleTraining.Trained t = e.getValue();
      Workspace ws = t.network().workspace(shown);
      float[] out = new float[shown * width];
      t.network()
          .predict(
              t.result().parameters(),
              t.result().layerState(),
              Minibatch.of(held.features(), 0, shown),
              ws,
              out,
              0);
      for (int i = 0; i < shown; i++) {
        float[] pixels = new float[width];
        System.arraycopy(out, i * width, pixels, 0, width);
        panels.add(Charts.image(e.getKey() + " " + (i + 1), pixels, side));
      }
    }
    return Charts.saveGrid(
        panels, 1 + trained.size(), shown, run.out(), "tied-autoencoder-digits.png");
  }

  /** data.train read in this process, pixels divided by data.scalingDivisor; targets = pixels. */
  private static Dataset readPixels(Configuration conf) {
    Path file = Path.of(conf.required(DataKeys.TRAIN));
    try {
      Dataset d = CsvDatasetReader.read(file, conf.get(DataKeys.LABEL_COLUMN), 10);
      float divisor = conf.read(DataKeys.SCALING_DIVISOR).floatValue();
      FeatureScaling.divide(d.width(), divisor).apply(d.features(), 0, d.rows());
      return new Dataset(d.features(), d.features().clone(), d.rows(), d.width(), d.width());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
