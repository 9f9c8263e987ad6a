package org.descent.ps.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.descent.nn.Activation;
import org.descent.nn.Initializer;
import org.descent.nn.Loss;
import org.descent.nn.NetworkSpec;
import org.descent.nn.ParameterLayout;
import org.descent.ps.ParameterServer;
import org.descent.ps.UpdateConfig;
import org.junit.jupiter.api.Test;

/** Which weights a run returns: the best by validation loss, else the latest. */
class BestWeightsTest {
  private static final NetworkSpec SPEC =
      NetworkSpec.of(new int[] {3, 4, 2}, Activation.RELU, Loss.SOFTMAX_CROSS_ENTROPY);

  @Test
  void anEmptyValidationSplitKeepsTheLatestWeightsNotTheInitialOnes() {
    ParameterLayout layout = ParameterLayout.of(SPEC);
    ParameterServer server =
        new ParameterServer(
            layout, Initializer.initialParameters(SPEC, 1), UpdateConfig.defaults());
    BestWeights best = new BestWeights(server, 2);
    float[] gradient = new float[layout.size()];
    java.util.Arrays.fill(gradient, 1f);
    for (int epoch = 1; epoch <= 3; epoch++) {
      server.apply(gradient, 1);
      // A validation split that came out empty (e.g. a tiny DataFrame): loss NaN, 0 rows.
      assertFalse(best.afterEpoch(epoch, new Evaluation()), "no early stop without validation");
    }
    assertArrayEquals(server.weights(), best.saved().parameters());
    assertEquals(3, best.saved().epoch());
  }
}
