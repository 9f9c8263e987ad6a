package org.descent.ps.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.descent.nn.Activation;
import org.descent.nn.FeatureScaling;
import org.descent.nn.Initializer;
import org.descent.nn.Loss;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.ps.ParameterServer;
import org.descent.ps.UpdateConfig;
import org.junit.jupiter.api.Test;

/**
 * The local trainer learns real data: UCI digits (1797 rows, 64 features, 10 classes) and the
 * diabetes regression (442 rows, 10 features), each split 80/20 with seed 7; test metrics on the
 * held-out 20%.
 */
class LocalTrainerAccuracyTest {
  private static final long SEED = 7;

  @Test
  void reluNetWithAdamReaches96PercentOnDigits() {
    double acc = trainDigits(new int[] {64, 64, 10}, Loss.SOFTMAX_CROSS_ENTROPY, "adam", 0.003, 30);
    System.out.printf("digits [64,64,10] relu adam: test accuracy %.4f%n", acc);
    assertTrue(acc >= 0.96, "test accuracy " + acc);
  }

  @Test
  void linearSoftmaxRegressionReaches93PercentOnDigits() {
    double acc = trainDigits(new int[] {64, 10}, Loss.SOFTMAX_CROSS_ENTROPY, "adam", 0.01, 40);
    System.out.printf("digits softmax regression: test accuracy %.4f%n", acc);
    assertTrue(acc >= 0.93, "test accuracy " + acc);
  }

  @Test
  void linearMulticlassSvmReaches93PercentOnDigits() {
    double acc = trainDigits(new int[] {64, 10}, Loss.MULTICLASS_HINGE, "adam", 0.01, 40);
    System.out.printf("digits linear SVM (hinge): test accuracy %.4f%n", acc);
    assertTrue(acc >= 0.93, "test accuracy " + acc);
  }

  @Test
  void regressionNetReachesRSquared040OnDiabetes() {
    Dataset[] d = BundledData.diabetes(SEED);
    NetworkSpec spec =
        NetworkSpec.of(new int[] {10, 16, 1}, Activation.TANH, Loss.MEAN_SQUARED_ERROR);
    FeatureScaling targets = BundledData.targetStandardization(d[0]);
    Network net = new Network(spec);
    ParameterServer ps =
        new ParameterServer(
            net.layout(),
            Initializer.initialParameters(spec, SEED),
            UpdateConfig.fromMap(
                Map.of(
                    "optimizer.name",
                    "adam",
                    "optimizer.lr",
                    "0.003",
                    "regularization.l2",
                    "0.001")));
    // Early stopping on a validation split of the training rows: 353 rows overfit quickly.
    Dataset[] tv = d[0].split(0.85, SEED);
    TrainingResult r =
        new LocalTrainer(net, ps, new TrainingSettings(300, 32, SEED, true, 15))
            .train(tv[0], tv[1], targets);
    Evaluation test = LocalTrainer.evaluate(net, r.parameters(), r.layerState(), d[1], targets);
    System.out.printf(
        "diabetes [10,16,1] tanh: test R² %.4f, MAE %.2f, MSE %.1f%n",
        test.r2(), test.mae(), test.mse());
    assertTrue(test.r2() >= 0.40, "test R² " + test.r2());
  }

  private static double trainDigits(
      int[] widths, Loss loss, String optimizer, double lr, int epochs) {
    Dataset[] d = BundledData.digits(SEED);
    NetworkSpec spec = NetworkSpec.of(widths, Activation.RELU, loss);
    Network net = new Network(spec);
    ParameterServer ps =
        new ParameterServer(
            net.layout(),
            Initializer.initialParameters(spec, SEED),
            UpdateConfig.fromMap(
                Map.of("optimizer.name", optimizer, "optimizer.lr", Double.toString(lr))));
    TrainingResult r =
        new LocalTrainer(net, ps, new TrainingSettings(epochs, 32, SEED, true, 0))
            .train(d[0], null, FeatureScaling.none(1));
    return LocalTrainer.evaluate(net, r.parameters(), r.layerState(), d[1], FeatureScaling.none(1))
        .accuracy();
  }
}
