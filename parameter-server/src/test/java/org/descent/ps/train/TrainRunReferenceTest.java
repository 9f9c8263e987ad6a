package org.descent.ps.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.descent.nn.Activation;
import org.descent.nn.FeatureScaling;
import org.descent.nn.Loss;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.nn.ParameterLayout;
import org.descent.nn.reference.ReferenceDirectory;
import org.descent.nn.reference.ReferenceFile;
import org.descent.nn.reference.Tolerance;
import org.descent.ps.ParameterServer;
import org.descent.ps.UpdateConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code train_run} fixture end to end through the local trainer (full batch, no shuffle):
 * the loss before every step, the parameters after the first step and at the end, the final loss
 * and training accuracy match PyTorch.
 *
 * <p>Float32 tolerances over T steps of a float64 reference: step losses within 1e-5 relative,
 * parameters within 1e-5 of each array's max |ref|. Measured worst: ≈ 3.7e-7 of max |ref| after 25
 * steps (a bound of 3e-7 fails), so the bound leaves ~25× for accumulated float32 rounding while
 * the formula variants the fixtures guard against (no bias correction, eps inside the root,
 * dampened momentum) move the parameters by far more.
 */
class TrainRunReferenceTest {
  private static final double LOSS_REL = 1e-5;
  private static final double PARAM_REL_OF_MAX = 1e-5;
  private static int runs;
  private static int steps;

  @TestFactory
  List<DynamicTest> everyTrainRunMatchesPyTorchAtEveryStep() {
    List<DynamicTest> tests = new ArrayList<>();
    for (ReferenceFile f : ReferenceDirectory.ofKinds(Set.of("train_run"))) {
      tests.add(DynamicTest.dynamicTest(f.name(), () -> check(f.root())));
    }
    return tests;
  }

  @AfterAll
  static void report() {
    System.out.printf("train_run: checked %d runs, %d steps%n", runs, steps);
  }

  private static void check(JsonNode root) {
    int[] widths = ReferenceFile.ints(root.get("widths"));
    Loss loss = Loss.parse(root.get("loss").asText());
    NetworkSpec spec =
        NetworkSpec.of(widths, Activation.parse(root.get("activation").asText()), loss);
    assertEquals("none", root.get("regularization").asText());
    Network network = new Network(spec);
    ParameterLayout layout = network.layout();
    float[] initial = parameters(root.get("initial_params"), layout);
    ParameterServer server = new ParameterServer(layout, initial, updateConfig(root));

    float[] x = ReferenceFile.flatFloat(root.get("X"));
    JsonNode t = root.get("targets");
    float[] y =
        ReferenceFile.flatFloat(loss.isClassification() ? t.get("y_class") : t.get("Y_regression"));
    int rows = ReferenceFile.shape(root.get("X"))[0];
    Dataset data = new Dataset(x, y, rows, widths[0], loss.targetWidth(widths[widths.length - 1]));
    int total = root.get("steps").asInt();
    // Full batch: one step per epoch; rows in order.
    TrainingSettings settings = new TrainingSettings(total, rows, 0L, false, 0);
    TrainingResult result =
        new LocalTrainer(network, server, settings)
            .train(data, null, FeatureScaling.none(data.targetWidth()));

    double[] refLosses = ReferenceFile.flat(root.get("losses"));
    assertEquals(refLosses.length, result.stepLosses().length);
    for (int k = 0; k < refLosses.length; k++) {
      Tolerance.assertClose(
          "loss before step " + (k + 1), refLosses[k], result.stepLosses()[k], LOSS_REL);
    }
    float[] finalParams = result.parameters();
    JsonNode ref = root.get("final_params");
    for (int l = 0; l < layout.denseLayerCount(); l++) {
      ParameterLayout.Dense d = layout.dense(l);
      Tolerance.assertArrayClose(
          "final W[" + l + "]",
          ReferenceFile.flat(ref.get("W").get(l)),
          finalParams,
          d.weightOffset(),
          PARAM_REL_OF_MAX);
      Tolerance.assertArrayClose(
          "final b[" + l + "]",
          ReferenceFile.flat(ref.get("b").get(l)),
          finalParams,
          d.biasOffset(),
          PARAM_REL_OF_MAX);
    }
    Evaluation e =
        LocalTrainer.evaluate(
            network,
            finalParams,
            result.layerState(),
            data,
            FeatureScaling.none(data.targetWidth()));
    Tolerance.assertClose("final loss", root.get("final_loss").asDouble(), e.loss(), LOSS_REL);
    if (root.has("final_train_accuracy")) {
      assertEquals(root.get("final_train_accuracy").asDouble(), e.accuracy(), 1e-12);
    }
    assertTrue(
        result.stepLosses()[total - 1] < result.stepLosses()[0], "training reduced the loss");
    runs++;
    steps += total;
  }

  /** PyTorch's optimiser names and hyperparameters → Descent's configuration keys. */
  static UpdateConfig updateConfig(JsonNode root) {
    JsonNode h = root.get("hyperparameters");
    String opt = root.get("optimizer").asText();
    Map<String, String> c = new HashMap<>();
    c.put("optimizer.lr", h.get("lr").asText());
    switch (opt) {
      case "sgd" -> {
        double momentum = h.get("momentum").asDouble();
        boolean nesterov = h.get("nesterov").asBoolean();
        c.put("optimizer.name", momentum == 0 ? "sgd" : nesterov ? "nesterov" : "momentum");
        if (momentum != 0) {
          c.put("optimizer.momentum", h.get("momentum").asText());
        }
      }
      case "adam", "adamw" -> {
        c.put("optimizer.name", opt);
        c.put("optimizer.beta1", h.get("beta1").asText());
        c.put("optimizer.beta2", h.get("beta2").asText());
        c.put("optimizer.eps", h.get("eps").asText());
      }
      default -> throw new AssertionError("train_run with optimizer " + opt + " is not mapped");
    }
    c.put("optimizer.weightDecay", h.get("weight_decay").asText());
    return UpdateConfig.fromMap(c);
  }

  static float[] parameters(JsonNode p, ParameterLayout layout) {
    float[] params = new float[layout.size()];
    for (int l = 0; l < layout.denseLayerCount(); l++) {
      ParameterLayout.Dense d = layout.dense(l);
      float[] w = ReferenceFile.flatFloat(p.get("W").get(l));
      float[] b = ReferenceFile.flatFloat(p.get("b").get(l));
      System.arraycopy(w, 0, params, d.weightOffset(), w.length);
      System.arraycopy(b, 0, params, d.biasOffset(), b.length);
    }
    return params;
  }
}
