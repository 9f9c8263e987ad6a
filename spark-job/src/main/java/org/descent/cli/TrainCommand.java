package org.descent.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import org.descent.config.Configuration;
import org.descent.config.ModelConfig;
import org.descent.nn.BatchNormStatistics;
import org.descent.nn.Blas;
import org.descent.nn.FeatureScaling;
import org.descent.nn.Initializer;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.ps.FlatConfig;
import org.descent.ps.InvalidConfigException;
import org.descent.ps.ParameterServer;
import org.descent.ps.UpdateConfig;
import org.descent.ps.train.CsvDatasetReader;
import org.descent.ps.train.Dataset;
import org.descent.ps.train.Evaluation;
import org.descent.ps.train.LocalTrainer;
import org.descent.ps.train.TrainingResult;
import org.descent.ps.train.TrainingSettings;

/**
 * {@code descent train}: reads the data, splits and scales it, trains, and reports per-epoch
 * progress and the test metrics. Until the Spark trainer lands this runs the single-process trainer
 * (the same step the Spark job runs per partition).
 */
final class TrainCommand {
  private final Configuration conf;
  private final PrintStream out;

  TrainCommand(Configuration conf, PrintStream out) {
    this.conf = conf;
    this.out = out;
  }

  void run() {
    NetworkSpec spec = ModelConfig.networkSpec(conf);
    FlatConfig flat = conf.flat();
    UpdateConfig update = UpdateConfig.fromMap(conf.asMap());
    long seed = flat.whole("train.seed", 42, Long.MIN_VALUE);
    TrainingSettings settings =
        new TrainingSettings(
            (int) flat.whole("train.epochs", 20, 1),
            (int) flat.whole("train.batchSize", 128, 1),
            seed,
            flat.flag("train.shuffle", true),
            (int) flat.whole("train.patience", 0, 0));
    String format = flat.choice("data.format", "csv", "csv");
    if (!format.equals("csv")) {
      throw new InvalidConfigException(
          "data.format", "data.format=" + format + " is not supported");
    }

    boolean classifier = spec.loss().isClassification();
    int classes = classifier ? spec.loss().classCount(spec.outputWidth()) : 0;
    Dataset all = read(conf.required("data.train"), conf.get("data.labelColumn"), classes);
    checkWidths(spec, all, conf.get("data.train"));
    Dataset train;
    Dataset test;
    String testPath = conf.get("data.test");
    if (!testPath.isEmpty()) {
      train = all;
      test = read(testPath, conf.get("data.labelColumn"), classes);
      checkWidths(spec, test, testPath);
    } else {
      double tf = flat.number("data.testFraction", 0.2, new FlatConfig.Range(0, false, 1, true));
      if (tf > 0) {
        Dataset[] parts = all.split(1 - tf, seed);
        train = parts[0];
        test = parts[1];
      } else {
        train = all;
        test = null;
      }
    }
    Dataset validation = null;
    double vf =
        flat.number("data.validationFraction", 0.1, new FlatConfig.Range(0, false, 1, true));
    if (vf > 0) {
      Dataset[] parts = train.split(1 - vf, seed + 1);
      train = parts[0];
      validation = parts[1];
    }
    if (settings.batchSize() > train.rows()) {
      throw new InvalidConfigException(
          "train.batchSize",
          "train.batchSize="
              + settings.batchSize()
              + " is larger than the "
              + train.rows()
              + " training rows; lower it");
    }

    FeatureScaling scaling = fitScaling(flat, train);
    scaling.apply(train.features(), 0, train.rows());
    if (validation != null) {
      scaling.apply(validation.features(), 0, validation.rows());
    }
    if (test != null) {
      scaling.apply(test.features(), 0, test.rows());
    }
    FeatureScaling targetScaling = FeatureScaling.none(spec.loss().targetWidth(spec.outputWidth()));
    if (!classifier && flat.flag("data.standardizeTargets", true)) {
      FeatureScaling.Statistics ts = new FeatureScaling.Statistics(train.targetWidth());
      ts.add(train.targets(), 0, train.rows());
      targetScaling = FeatureScaling.fit(FeatureScaling.Mode.STANDARDIZE, ts, 1f);
    }

    Network network = new Network(spec);
    ParameterServer server =
        new ParameterServer(network.layout(), Initializer.initialParameters(spec, seed), update);
    server.setLayerState(BatchNormStatistics.initialState(network.layout()));
    out.printf(
        "descent: %s, %d parameters; %d train / %s validation / %s test rows; %s; BLAS %s%n",
        spec,
        network.layout().size(),
        train.rows(),
        validation == null ? "no" : Integer.toString(validation.rows()),
        test == null ? "no" : Integer.toString(test.rows()),
        update.optimizerName(),
        Blas.implementation());
    long start = System.nanoTime();
    TrainingResult result =
        new LocalTrainer(network, server, settings)
            .onEpoch(m -> out.println(EpochLine.format(m, classifier)))
            .train(train, validation, targetScaling);
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(
        Locale.ROOT,
        "trained %d epochs in %.1f s%s; best epoch %d%n",
        result.history().size(),
        seconds,
        result.stoppedEarly() ? " (stopped early)" : "",
        result.bestEpoch());
    if (test != null) {
      Evaluation e =
          LocalTrainer.evaluate(
              network, result.parameters(), result.layerState(), test, targetScaling);
      if (classifier) {
        out.printf(
            Locale.ROOT,
            "test: loss %.4f, accuracy %.4f (%d rows)%n",
            e.loss(),
            e.accuracy(),
            e.rows());
      } else {
        out.printf(
            Locale.ROOT,
            "test: MSE %.4f, MAE %.4f, R² %.4f (%d rows)%n",
            e.mse(),
            e.mae(),
            e.r2(),
            e.rows());
      }
    }
  }

  private static Dataset read(String path, String labelColumn, int classes) {
    try {
      return CsvDatasetReader.read(Path.of(path), labelColumn, classes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  private static void checkWidths(NetworkSpec spec, Dataset d, String path) {
    if (d.width() != spec.inputWidth()) {
      throw new InvalidConfigException(
          "model.layers",
          path
              + " has "
              + d.width()
              + " feature columns but model.layers starts with "
              + spec.inputWidth()
              + "; make the first width "
              + d.width());
    }
  }

  private static FeatureScaling fitScaling(FlatConfig flat, Dataset train) {
    FeatureScaling.Mode mode;
    try {
      mode = FeatureScaling.Mode.parse(flat.asMap().get("data.scaling"));
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException("data.scaling", "data.scaling: " + e.getMessage());
    }
    float divisor = (float) flat.number("data.scalingDivisor", 255, FlatConfig.Range.POSITIVE);
    FeatureScaling.Statistics s = new FeatureScaling.Statistics(train.width());
    s.add(train.features(), 0, train.rows());
    return FeatureScaling.fit(mode, s, divisor);
  }
}
