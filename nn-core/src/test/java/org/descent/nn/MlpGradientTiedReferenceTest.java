package org.descent.nn;

import static org.descent.nn.reference.Tolerance.SINGLE_PASS;
import static org.descent.nn.reference.Tolerance.assertArrayClose;
import static org.descent.nn.reference.Tolerance.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.descent.nn.reference.ReferenceDirectory;
import org.descent.nn.reference.ReferenceFile;
import org.descent.nn.reference.TiedNets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every net and case of every {@code mlp_gradients_tied} fixture: the flat layout holds the owned
 * parameters only (counts as the fixture's), and logits, data loss, penalty (each owned matrix
 * once) and the gradient of every owned W (summed over its uses) and every b match PyTorch within
 * {@link org.descent.nn.reference.Tolerance#SINGLE_PASS}.
 */
class MlpGradientTiedReferenceTest {
  private static int nets;
  private static int cases;

  @TestFactory
  List<DynamicTest> everyTiedNetAndCaseMatchesPyTorch() {
    List<DynamicTest> tests = new ArrayList<>();
    for (ReferenceFile file : ReferenceDirectory.ofKinds(Set.of("mlp_gradients_tied"))) {
      for (JsonNode net : file.root().get("nets")) {
        String netName = file.name() + " " + net.get("name").asText();
        tests.add(DynamicTest.dynamicTest(netName + " counts", () -> checkCounts(net)));
        nets++;
        for (JsonNode c : net.get("cases")) {
          String name =
              netName
                  + " "
                  + c.get("activation").asText()
                  + "/"
                  + c.get("loss").asText()
                  + "/"
                  + c.get("regularization").asText();
          tests.add(DynamicTest.dynamicTest(name, () -> check(net, c)));
        }
      }
    }
    return tests;
  }

  @AfterAll
  static void report() {
    System.out.printf("mlp_gradients_tied: checked %d cases of %d nets%n", cases, nets);
  }

  static NetworkSpec spec(JsonNode net, Activation activation, Loss loss) {
    return NetworkSpec.of(ReferenceFile.ints(net.get("widths")), activation, loss)
        .withTies(TiedNets.ties(net.get("ties")));
  }

  private static void checkCounts(JsonNode net) {
    JsonNode counts = net.get("counts");
    NetworkSpec spec = spec(net, Activation.TANH, Loss.MEAN_SQUARED_ERROR);
    ParameterLayout layout = ParameterLayout.of(spec);
    long weights =
        layout.segments().stream()
            .filter(s -> s.kind() == ParameterLayout.Kind.WEIGHT)
            .mapToLong(ParameterLayout.Segment::length)
            .sum();
    assertEquals(counts.get("weights").asLong(), weights, "owned weights");
    assertEquals(counts.get("params").asLong(), layout.size(), "owned parameters");
    assertEquals(counts.get("params_untied").asLong(), layout.untiedSize(), "untied parameters");
    NetworkSummary summary = NetworkSummary.of(spec);
    assertEquals(counts.get("params").asLong(), summary.totalParameters());
    assertEquals(counts.get("params_untied").asLong(), summary.untiedParameters());
  }

  private static void check(JsonNode net, JsonNode c) {
    int n = net.get("batch_size").asInt();
    Loss loss = Loss.parse(c.get("loss").asText());
    Network network = new Network(spec(net, Activation.parse(c.get("activation").asText()), loss));
    ParameterLayout layout = network.layout();
    assertFalse(network.spec().ties().isEmpty(), "a tied fixture net without ties");
    float[] params = TiedNets.loadOwned(net.get("params"), "W", "b", layout);
    float[] x = ReferenceFile.flatFloat(net.get("X"));
    JsonNode t = net.get("targets");
    float[] targets =
        switch (loss) {
          case SOFTMAX_CROSS_ENTROPY, MULTICLASS_HINGE -> ReferenceFile.flatFloat(t.get("y_class"));
          case MEAN_SQUARED_ERROR -> ReferenceFile.flatFloat(t.get("Y_regression"));
          case BINARY_SIGMOID_CROSS_ENTROPY -> ReferenceFile.flatFloat(t.get("Y_binary"));
        };
    Penalty penalty =
        switch (c.get("regularization").asText()) {
          case "none" -> Penalty.NONE;
          case "l2" -> Penalty.l2(c.get("lambda").asDouble());
          case "l1" -> Penalty.l1(c.get("lambda").asDouble());
          default -> throw new AssertionError("unknown regularization in " + c);
        };
    Workspace ws = network.workspace(n);
    float[] grad = new float[layout.size()];
    java.util.Arrays.fill(grad, Float.NaN); // every slot must be written, none left over
    double lossSum =
        network.gradient(params, Minibatch.of(x, 0, n).targets(targets, 0), ws, grad, 42L, false);
    for (int i = 0; i < grad.length; i++) {
      grad[i] /= n;
    }
    penalty.addGradient(params, grad, layout);

    assertArrayClose("logits", ReferenceFile.flat(c.get("logits")), ws.logits(), SINGLE_PASS);
    assertClose("data_loss", c.get("data_loss").asDouble(), lossSum / n, 1e-5);
    double reg = penalty.value(params, layout);
    assertClose("reg_loss", c.get("reg_loss").asDouble(), reg, 1e-5);
    assertClose("loss_value", c.get("loss_value").asDouble(), lossSum / n + reg, 1e-5);
    TiedNets.assertOwnedClose("gradient", c, "grad_W", "grad_b", grad, layout, SINGLE_PASS);
    cases++;
  }
}
