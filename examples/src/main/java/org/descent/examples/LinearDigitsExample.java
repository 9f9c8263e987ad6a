package org.descent.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.descent.config.Configuration;
import org.descent.config.ModelConfig;
import org.descent.config.TrainConfig;
import org.descent.data.DataSettings;
import org.descent.data.TrainingData;
import org.descent.nn.Initializer;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.nn.ParameterLayout;
import org.descent.ps.ParameterServer;
import org.descent.ps.UpdateConfig;
import org.descent.ps.config.ModelKeys;
import org.descent.ps.train.EpochMetrics;
import org.descent.ps.train.Evaluation;
import org.descent.ps.train.TrainingResult;
import org.descent.ps.train.TrainingSettings;
import org.descent.spark.DistributedEvaluator;
import org.descent.spark.DistributedTrainer;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;

/**
 * The course's linear classifiers on the bundled 8×8 digits: softmax regression and the multiclass
 * SVM (Weston–Watkins hinge), no hidden layer (model.layers=64,10). Reads, splits and packs the
 * data on the CLI's Spark session exactly as {@code descent train} does and trains each head with
 * the {@link DistributedTrainer}; prints test accuracies and plots the loss curves and each class's
 * weight template as an 8×8 image.
 */
final class LinearDigitsExample {
  static final String[] HEADS = {"softmax", "hinge"};

  private LinearDigitsExample() {}

  static ExampleResult run(ExampleRun run) {
    SparkSession spark = run.spark().get();
    Configuration base = run.conf();
    TrainingData data =
        TrainingData.load(spark, DataSettings.fromMap(base.asMap()), ModelConfig.networkSpec(base));
    Map<String, Double> numbers = new LinkedHashMap<>();
    List<Path> pictures = new ArrayList<>();
    XYChart curves = Charts.lines("Linear classifiers on digits", "epoch", "mean loss");
    try {
      for (String head : HEADS) {
        Configuration conf = run.confWith(ModelKeys.HEAD.name(), head);
        NetworkSpec spec = ModelConfig.networkSpec(conf);
        TrainingSettings settings = TrainConfig.settings(conf);
        Network network = new Network(spec);
        ParameterServer server =
            new ParameterServer(
                network.layout(),
                Initializer.initialParameters(spec, settings.seed()),
                UpdateConfig.fromMap(
                    TrainConfig.withWholeRunSchedule(conf, settings, data.trainRows())));
        TrainingResult result =
            new DistributedTrainer(network, server, settings)
                .configure(conf.flat())
                .train(data.train(), data.validation(), data.targetScaling())
                .training();
        Evaluation test =
            DistributedEvaluator.evaluate(
                data.test(), spec, result.parameters(), result.layerState(), data.targetScaling());
        numbers.put(head + ".accuracy", test.accuracy());
        run.log()
            .println(
                head
                    + " (64,10, no hidden layer): test accuracy "
                    + Examples.format(test.accuracy())
                    + " on "
                    + data.testRows()
                    + " rows after "
                    + result.history().size()
                    + " epochs");
        List<EpochMetrics> h = result.history();
        Charts.addCurve(
            curves, head + " train", h.stream().mapToDouble(EpochMetrics::trainLoss).toArray());
        Charts.addCurve(
            curves,
            head + " validation",
            h.stream().mapToDouble(EpochMetrics::validationLoss).toArray());
        pictures.add(
            Charts.saveGrid(
                templates(network.layout(), result.parameters(), head),
                2,
                5,
                run.out(),
                "digits-templates-" + head + ".png"));
      }
    } finally {
      data.unpersist();
    }
    pictures.add(0, Charts.save(curves, run.out(), "digits-linear-loss.png"));
    return new ExampleResult(numbers, pictures);
  }

  /** Class k's weights W[·, k] as an 8×8 picture (pixel order p0…p63, row by row). */
  static List<HeatMapChart> templates(ParameterLayout layout, float[] params, String head) {
    ParameterLayout.Dense d = layout.dense(0);
    int side = (int) Math.round(Math.sqrt(d.in()));
    List<HeatMapChart> charts = new ArrayList<>();
    for (int k = 0; k < d.out(); k++) {
      float[] w = new float[d.in()];
      for (int i = 0; i < d.in(); i++) {
        w[i] = params[d.weightOffset() + i * d.out() + k]; // W is row-major [in, out]
      }
      charts.add(Charts.image(head + ": " + k, w, side));
    }
    return charts;
  }
}
