package org.descent.examples;

import static org.descent.examples.ExampleFixtures.assertPictures;
import static org.descent.examples.ExampleFixtures.conf;
import static org.descent.examples.ExampleFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.descent.ps.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each example at reduced size (fewer epochs), with {@link org.descent.ps.train.LocalTrainer}: the
 * property it demonstrates holds and its pictures are valid PNG files.
 */
class ExamplesTest {
  @TempDir Path out;

  @Test
  void spiralIsSeparableByTheReluNetButNotByALinearClassifier() {
    ExampleResult r = run("spiral", conf("spiral", "train.epochs", "100"), out);
    Map<String, Double> n = r.numbers();
    assertTrue(n.get("relu.accuracy") >= 0.9, "ReLU net accuracy " + n);
    assertTrue(n.get("linear.accuracy") <= 0.6, "linear accuracy " + n);
    assertPictures(r, out, 2);
  }

  @Test
  void sineIsFittedBetterBy200HiddenUnitsThanBy10() {
    ExampleResult r = run("sine", conf("sine", "train.epochs", "600"), out);
    Map<String, Double> n = r.numbers();
    assertTrue(n.get("200.mse") < n.get("10.mse"), "MSE by hidden units " + n);
    assertTrue(n.get("200.mse") < 0.01, "the 200-unit fit is close to sin " + n);
    assertPictures(r, out, 1);
  }

  @Test
  void twoLayerReluLossFallsByOrdersOfMagnitudeUnderPlainGradientDescent() {
    ExampleResult r = run("two-layer-relu", conf("two-layer-relu", "train.epochs", "600"), out);
    Map<String, Double> n = r.numbers();
    assertEquals(600, n.get("steps"));
    assertTrue(n.get("loss.last") < n.get("loss.first") / 1000, "loss " + n);
    assertPictures(r, out, 1);
  }

  @Test
  void everyOptimizerLowersTheLossAndAdamBeatsPlainSgd() {
    ExampleResult r = run("optimizers", conf("optimizers", "train.epochs", "15"), out);
    Map<String, Double> n = r.numbers();
    for (String name : OptimizersExample.OPTIMIZERS) {
      assertTrue(n.get(name + ".last") < n.get(name + ".first"), name + ": " + n);
    }
    assertTrue(n.get("adam.last") < n.get("sgd.last"), "after equal steps " + n);
    assertPictures(r, out, 1);
  }

  @Test
  void regularizationRunsEveryVariantAndWritesTheirCurves() {
    ExampleResult r =
        run(
            "regularization",
            conf(
                "regularization",
                "train.epochs",
                "6",
                "model.layers",
                "64,64,10",
                "optimizer.lr",
                "0.01"),
            out);
    Map<String, Double> n = r.numbers();
    for (String variant : new String[] {"no", "dropout", "l2", "batch"}) {
      assertTrue(Double.isFinite(n.get(variant + ".validationLoss")), variant + ": " + n);
      assertTrue(n.get(variant + ".validationAccuracy") > 0.5, variant + ": " + n);
    }
    assertPictures(r, out, 1);
  }

  @Test
  void tiedAutoencoderHasAboutHalfTheParametersAndReportsBothReconstructionLosses() {
    ExampleResult r = run("tied-autoencoder", conf("tied-autoencoder", "train.epochs", "8"), out);
    Map<String, Double> n = r.numbers();
    // 64·16 + 16 + 64 owned against 64·16 + 16 + 16·64 + 64 untied.
    assertEquals(1104, n.get("tied.parameters"));
    assertEquals(2128, n.get("untied.parameters"));
    assertEquals(2128, n.get("tied.parametersIfUntied"));
    for (String k : new String[] {"tied", "untied"}) {
      assertTrue(Double.isFinite(n.get(k + ".validationLoss")), k + ": " + n);
      // Predicting the mean image already scores below the 64·E[x²] of predicting zeros; both
      // nets must do clearly better than zero output after a few epochs.
      assertTrue(n.get(k + ".validationLoss") < 5, k + ": " + n);
    }
    assertPictures(r, out, 2);
  }

  @Test
  void tiedAutoencoderNeedsTiesAndAnOutputAsWideAsItsInput() {
    assertTrue(
        assertThrows(
                InvalidConfigException.class,
                () -> run("tied-autoencoder", conf("tied-autoencoder", "model.ties", ""), out))
            .getMessage()
            .contains("set model.ties"));
    assertTrue(
        assertThrows(
                InvalidConfigException.class,
                () ->
                    run(
                        "tied-autoencoder",
                        conf(
                            "tied-autoencoder",
                            "model.layers",
                            "64,16,16,16,10",
                            "model.ties",
                            "3:2:same"),
                        out))
            .getMessage()
            .contains("must end with its input width (64)"));
  }

  @Test
  void unknownExampleNamesTheNearestOne() {
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> run("spirals", conf("spiral"), out));
    assertTrue(e.getMessage().contains("did you mean 'spiral'"), e.getMessage());
  }
}
