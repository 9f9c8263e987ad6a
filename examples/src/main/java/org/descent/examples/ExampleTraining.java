package org.descent.examples;

import org.descent.config.Configuration;
import org.descent.config.ModelConfig;
import org.descent.config.TrainConfig;
import org.descent.nn.FeatureScaling;
import org.descent.nn.Initializer;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.ps.ParameterServer;
import org.descent.ps.UpdateConfig;
import org.descent.ps.train.Dataset;
import org.descent.ps.train.Evaluation;
import org.descent.ps.train.LocalTrainer;
import org.descent.ps.train.TrainingResult;
import org.descent.ps.train.TrainingSettings;

/**
 * Training an example's network with Descent's {@link LocalTrainer}, configured by the same keys as
 * {@code descent train} (model.*, train.*, optimizer.*, regularization.*, schedule.*).
 */
final class ExampleTraining {
  private ExampleTraining() {}

  /** A trained network: its spec, the result (best weights, history, step losses). */
  record Trained(Network network, TrainingResult result) {
    /** Inference-mode metrics on {@code data} with the trained weights. */
    Evaluation evaluate(Dataset data) {
      return LocalTrainer.evaluate(
          network,
          result.parameters(),
          result.layerState(),
          data,
          FeatureScaling.none(network.spec().loss().targetWidth(network.spec().outputWidth())));
    }
  }

  /** Trains the network of {@code model.layers} from its seeded initial weights. */
  static Trained train(Configuration conf, Dataset train, Dataset validation) {
    NetworkSpec spec = ModelConfig.networkSpec(conf);
    return train(
        conf,
        spec,
        Initializer.initialParameters(spec, TrainConfig.settings(conf).seed()),
        train,
        validation);
  }

  /** Trains {@code spec} from {@code initial} weights on in-memory rows. */
  static Trained train(
      Configuration conf, NetworkSpec spec, float[] initial, Dataset train, Dataset validation) {
    TrainingSettings settings = TrainConfig.settings(conf);
    Network network = new Network(spec);
    ParameterServer server =
        new ParameterServer(
            network.layout(),
            initial,
            UpdateConfig.fromMap(TrainConfig.withWholeRunSchedule(conf, settings, train.rows())));
    FeatureScaling none = FeatureScaling.none(spec.loss().targetWidth(spec.outputWidth()));
    TrainingResult result =
        new LocalTrainer(network, server, settings).train(train, validation, none);
    return new Trained(network, result);
  }
}
