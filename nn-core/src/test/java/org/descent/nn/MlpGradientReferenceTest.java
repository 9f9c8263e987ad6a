package org.descent.nn;

import static org.descent.nn.reference.Tolerance.SINGLE_PASS;
import static org.descent.nn.reference.Tolerance.assertArrayClose;
import static org.descent.nn.reference.Tolerance.assertClose;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.descent.nn.reference.ReferenceDirectory;
import org.descent.nn.reference.ReferenceFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of every {@code mlp_gradients} fixture: logits, loss and the gradient of every W and b
 * match PyTorch (float64) within the float32 bound of {@link
 * org.descent.nn.reference.Tolerance#SINGLE_PASS} (1e-5 of each array's largest magnitude; the
 * fixtures' note measures float32 error at ≈1.2e-6 of it). The loss is compared at 1e-5 relative.
 */
class MlpGradientReferenceTest {
  private static int files;
  private static int cases;

  @TestFactory
  List<DynamicTest> everyCaseMatchesPyTorch() {
    List<DynamicTest> tests = new ArrayList<>();
    for (ReferenceFile file : ReferenceDirectory.ofKinds(Set.of("mlp_gradients"))) {
      files++;
      for (JsonNode c : file.root().get("cases")) {
        String name =
            file.name()
                + " "
                + c.get("activation").asText()
                + "/"
                + c.get("loss").asText()
                + "/"
                + c.get("regularization").asText();
        tests.add(DynamicTest.dynamicTest(name, () -> check(file.root(), c)));
      }
    }
    assertTrue(!tests.isEmpty() || ReferenceDirectory.all().size() > 0, "no fixtures found");
    return tests;
  }

  @AfterAll
  static void report() {
    System.out.printf("mlp_gradients: checked %d cases from %d files%n", cases, files);
  }

  private static void check(JsonNode root, JsonNode c) {
    int[] widths = ReferenceFile.ints(root.get("widths"));
    int n = root.get("batch_size").asInt();
    Activation activation = Activation.parse(c.get("activation").asText());
    Loss loss = Loss.parse(c.get("loss").asText());
    NetworkSpec spec = NetworkSpec.of(widths, activation, loss);
    Network net = new Network(spec);
    ParameterLayout layout = net.layout();
    float[] params = loadParameters(root.get("params"), "W", "b", layout);
    float[] x = ReferenceFile.flatFloat(root.get("X"));
    JsonNode t = root.get("targets");
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

    Workspace ws = net.workspace(n);
    float[] grad = new float[layout.size()];
    double lossSum =
        net.gradient(params, Minibatch.of(x, 0, n).targets(targets, 0), ws, grad, 42L, false);
    for (int i = 0; i < grad.length; i++) {
      grad[i] /= n;
    }
    penalty.addGradient(params, grad, layout);

    assertArrayClose("logits", ReferenceFile.flat(c.get("logits")), ws.logits(), SINGLE_PASS);
    assertClose("data_loss", c.get("data_loss").asDouble(), lossSum / n, 1e-5);
    assertClose("reg_loss", c.get("reg_loss").asDouble(), penalty.value(params, layout), 1e-5);
    assertClose(
        "loss_value",
        c.get("loss_value").asDouble(),
        lossSum / n + penalty.value(params, layout),
        1e-5);
    for (int l = 0; l < layout.denseLayerCount(); l++) {
      ParameterLayout.Dense d = layout.dense(l);
      assertArrayClose(
          "grad_W[" + l + "]",
          ReferenceFile.flat(c.get("grad_W").get(l)),
          grad,
          d.weightOffset(),
          SINGLE_PASS);
      assertArrayClose(
          "grad_b[" + l + "]",
          ReferenceFile.flat(c.get("grad_b").get(l)),
          grad,
          d.biasOffset(),
          SINGLE_PASS);
    }
    cases++;
  }

  /** Copies fixture W/b lists (W as [in, out], our layout) into a flat parameter array. */
  static float[] loadParameters(JsonNode p, String wKey, String bKey, ParameterLayout layout) {
    float[] params = new float[layout.size()];
    for (int l = 0; l < layout.denseLayerCount(); l++) {
      ParameterLayout.Dense d = layout.dense(l);
      JsonNode w = p.get(wKey).get(l);
      int[] shape = ReferenceFile.shape(w);
      if (shape[0] != d.in() || shape[1] != d.out()) {
        throw new AssertionError("W[" + l + "] shape mismatch");
      }
      float[] wf = ReferenceFile.flatFloat(w);
      System.arraycopy(wf, 0, params, d.weightOffset(), wf.length);
      float[] bf = ReferenceFile.flatFloat(p.get(bKey).get(l));
      System.arraycopy(bf, 0, params, d.biasOffset(), bf.length);
    }
    return params;
  }
}
