package org.descent.ps;

import java.util.Map;
import java.util.Random;
import org.descent.nn.Activation;
import org.descent.nn.Loss;
import org.descent.nn.NetworkSpec;
import org.descent.nn.ParameterLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Timing harness for {@link ParameterServer#apply}, off by default: run with {@code
 * -Dps.bench=true} ({@code mvn -pl parameter-server test -Dtest=ApplyTimingBenchmark
 * -Dps.bench=true}). Prints ms per apply on the 784-256-128-10 network (235,146 parameters).
 */
@EnabledIfSystemProperty(named = "ps.bench", matches = "true")
class ApplyTimingBenchmark {
  private static final String[] OPTIMIZERS = {
    "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "lamb"
  };

  @Test
  void msPerApply() {
    ParameterLayout layout =
        ParameterLayout.of(
            NetworkSpec.of(
                new int[] {784, 256, 128, 10}, Activation.RELU, Loss.SOFTMAX_CROSS_ENTROPY));
    Random random = new Random(1);
    float[] w0 = SmallNetworks.gaussian(random, layout.size(), 0.05);
    float[] sum = SmallNetworks.gaussian(random, layout.size(), 3);
    for (String name : OPTIMIZERS) {
      ParameterServer ps =
          new ParameterServer(layout, w0, UpdateConfig.fromMap(Map.of("optimizer.name", name)));
      for (int i = 0; i < 2000; i++) {
        ps.apply(sum, 50);
      }
      StringBuilder line = new StringBuilder(String.format("%-9s", name));
      for (int round = 0; round < 3; round++) {
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
          ps.apply(sum, 50);
        }
        line.append(String.format(" %.3f", (System.nanoTime() - start) / 200 / 1e6));
      }
      System.out.println("ApplyTimingBenchmark ms/apply " + line);
    }
  }
}
