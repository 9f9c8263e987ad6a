package org.descent.ps.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.descent.nn.Activation;
import org.descent.nn.FeatureScaling;
import org.descent.nn.Loss;
import org.descent.nn.Minibatch;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.nn.ParameterLayout;
import org.descent.nn.Workspace;
import org.descent.nn.reference.ReferenceDirectory;
import org.descent.nn.reference.ReferenceFile;
import org.descent.nn.reference.TiedNets;
import org.descent.nn.reference.Tolerance;
import org.descent.ps.ParameterServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code train_run_tied} fixture: a full-batch run of a net with tied weights. Step by step
 * through the parameter server (initial gradient of the owned tensors, parameters after step 1, the
 * loss before every step, final owned parameters and the final Adam state — one m and v per owned
 * tensor), then the same run through the {@link LocalTrainer}, which must give the same weights bit
 * for bit. Tolerances as {@link TrainRunReferenceTest}'s.
 */
class TrainRunTiedReferenceTest {
  private static final double LOSS_REL = 1e-5;
  private static final double PARAM_REL_OF_MAX = 1e-5;
  private static int runs;

  @TestFactory
  List<DynamicTest> everyTiedTrainRunMatchesPyTorchAtEveryStep() {
    List<DynamicTest> tests = new ArrayList<>();
    for (ReferenceFile f : ReferenceDirectory.ofKinds(Set.of("train_run_tied"))) {
      tests.add(DynamicTest.dynamicTest(f.name(), () -> check(f.root())));
    }
    return tests;
  }

  @AfterAll
  static void report() {
    System.out.printf("train_run_tied: checked %d runs%n", runs);
  }

  private static void check(JsonNode root) {
    int[] widths = ReferenceFile.ints(root.get("widths"));
    Loss loss = Loss.parse(root.get("loss").asText());
    NetworkSpec spec =
        NetworkSpec.of(widths, Activation.parse(root.get("activation").asText()), loss)
            .withTies(TiedNets.ties(root.get("ties")));
    assertEquals("none", root.get("regularization").asText());
    Network network = new Network(spec);
    ParameterLayout layout = network.layout();
    assertEquals(root.get("counts").get("params").asInt(), layout.size(), "owned parameters");
    float[] initial = TiedNets.loadOwned(root.get("initial_params"), "W", "b", layout);
    ParameterServer server =
        new ParameterServer(layout, initial.clone(), TrainRunReferenceTest.updateConfig(root));

    float[] x = ReferenceFile.flatFloat(root.get("X"));
    float[] y = ReferenceFile.flatFloat(root.get("targets").get("Y_regression"));
    int rows = ReferenceFile.shape(root.get("X"))[0];
    int total = root.get("steps").asInt();
    double[] refLosses = ReferenceFile.flat(root.get("losses"));
    assertEquals(total, refLosses.length);
    Workspace ws = network.workspace(rows);
    float[] grad = new float[layout.size()];
    for (int k = 0; k < total; k++) {
      double sum =
          network.gradient(
              server.weights(), Minibatch.of(x, 0, rows).targets(y, 0), ws, grad, 0L, false);
      Tolerance.assertClose("loss before step " + (k + 1), refLosses[k], sum / rows, LOSS_REL);
      if (k == 0) {
        float[] mean = grad.clone();
        for (int i = 0; i < mean.length; i++) {
          mean[i] /= rows;
        }
        TiedNets.assertOwnedClose(
            "initial", root.get("initial_gradients"), "grad_W", "grad_b", mean, layout, 1e-5);
      }
      server.apply(grad, rows);
      if (k == 0) {
        TiedNets.assertOwnedClose(
            "after step 1",
            root.get("params_after_step_1"),
            "W",
            "b",
            server.weights(),
            layout,
            PARAM_REL_OF_MAX);
      }
    }
    TiedNets.assertOwnedClose(
        "final", root.get("final_params"), "W", "b", server.weights(), layout, PARAM_REL_OF_MAX);
    JsonNode state = root.get("final_optimizer_state");
    for (String name : server.optimizer().stateNames()) {
      float[] buffer = server.optimizerState().buffer(name);
      assertEquals(layout.size(), buffer.length, "one " + name + " entry per owned parameter");
      for (int l = 0; l < layout.denseLayerCount(); l++) {
        ParameterLayout.Dense d = layout.dense(l);
        if (d.tied(l)) {
          assertFalse(state.get("W").get(l).has(name), "fixture has state for a tied layer");
        } else {
          Tolerance.assertArrayClose(
              "final " + name + " of W[" + l + "]",
              ReferenceFile.flat(state.get("W").get(l).get(name)),
              buffer,
              d.weightOffset(),
              PARAM_REL_OF_MAX);
        }
        Tolerance.assertArrayClose(
            "final " + name + " of b[" + l + "]",
            ReferenceFile.flat(state.get("b").get(l).get(name)),
            buffer,
            d.biasOffset(),
            PARAM_REL_OF_MAX);
      }
    }

    // The same run through the local trainer: the one training loop, same arithmetic.
    Dataset data = new Dataset(x, y, rows, widths[0], loss.targetWidth(widths[widths.length - 1]));
    ParameterServer fresh =
        new ParameterServer(layout, initial.clone(), TrainRunReferenceTest.updateConfig(root));
    TrainingResult result =
        new LocalTrainer(network, fresh, new TrainingSettings(total, rows, 0L, false, 0))
            .train(data, null, FeatureScaling.none(data.targetWidth()));
    assertArrayEquals(server.weights(), result.parameters(), "local trainer = step by step");
    Evaluation e =
        LocalTrainer.evaluate(
            network,
            result.parameters(),
            result.layerState(),
            data,
            FeatureScaling.none(data.targetWidth()));
    Tolerance.assertClose("final loss", root.get("final_loss").asDouble(), e.loss(), LOSS_REL);
    runs++;
  }
}
