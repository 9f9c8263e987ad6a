package org.descent.spark;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.descent.nn.Activation;
import org.descent.nn.Initializer;
import org.descent.nn.Loss;
import org.descent.nn.NetworkSpec;
import org.descent.nn.ParameterLayout;
import org.descent.ps.FlatConfig;
import org.descent.ps.InvalidConfigException;
import org.descent.ps.ParameterServer;
import org.descent.ps.UpdateConfig;
import org.junit.jupiter.api.Test;

/** The Spark trainer takes train.earlyStopMetric and train.earlyStopTol from its configuration. */
class DistributedTrainerEarlyStopTest {
  private static final NetworkSpec SPEC =
      NetworkSpec.of(new int[] {3, 4, 2}, Activation.RELU, Loss.SOFTMAX_CROSS_ENTROPY);

  private final ParameterServer server =
      new ParameterServer(
          ParameterLayout.of(SPEC),
          Initializer.initialParameters(SPEC, 1),
          UpdateConfig.defaults());

  @Test
  void theCommandLinesTrainerReadsTheKeysWhenConfigured() {
    // TrainCommand configures its DistributedTrainer from the whole configuration (--set included).
    DistributedTrainer trainer =
        new DistributedTrainer(
            new org.descent.nn.Network(SPEC),
            server,
            org.descent.config.TrainConfig.settings(FlatConfig.of(Map.of())));
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> trainer.configure(FlatConfig.of(Map.of("train.earlyStopMetric", "rmse"))));
    assertTrue(e.getMessage().contains("train.earlyStopMetric=rmse"), e.getMessage());
    InvalidConfigException tol =
        assertThrows(
            InvalidConfigException.class,
            () -> trainer.configure(FlatConfig.of(Map.of("train.earlyStopTol", "-1"))));
    assertTrue(tol.getMessage().contains("train.earlyStopTol"), tol.getMessage());
    trainer.configure(
        FlatConfig.of(Map.of("train.earlyStopMetric", "F1", "train.earlyStopTol", "0.01")));
  }
}
