package org.descent.nn;

import static org.descent.nn.reference.Tolerance.SINGLE_PASS;
import static org.descent.nn.reference.Tolerance.assertArrayClose;

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
 * Batch norm against PyTorch's BatchNorm1d: training mode (batch statistics, exact backward through
 * them, running-statistics update with momentum 0.1 and the unbiased variance) and evaluation mode.
 * Float32 bound: 1e-5 of each array's largest magnitude.
 */
class BatchNormReferenceTest {
  private static int cases;

  @TestFactory
  List<DynamicTest> everyCaseMatchesPyTorch() {
    List<DynamicTest> tests = new ArrayList<>();
    for (ReferenceFile f : ReferenceDirectory.ofKinds(Set.of("batchnorm1d_train"))) {
      for (JsonNode c : f.root().get("cases")) {
        tests.add(DynamicTest.dynamicTest(f.name() + " " + c.get("name").asText(), () -> train(c)));
      }
    }
    for (ReferenceFile f : ReferenceDirectory.ofKinds(Set.of("batchnorm1d_eval"))) {
      for (JsonNode c : f.root().get("cases")) {
        tests.add(DynamicTest.dynamicTest(f.name() + " " + c.get("name").asText(), () -> eval(c)));
      }
    }
    return tests;
  }

  @AfterAll
  static void report() {
    System.out.printf("batchnorm1d: checked %d cases%n", cases);
  }

  /** A [c] → [c] network stand-in: parameters γ at 0, β at c; state mean at 0, var at c. */
  private static void train(JsonNode c) {
    int n = c.get("batch_size").asInt();
    int w = c.get("num_features").asInt();
    float eps = (float) c.get("eps").asDouble();
    float momentum = (float) c.get("momentum").asDouble();
    float[] x = ReferenceFile.flatFloat(c.get("X"));
    float[] params = concat(c.get("gamma"), c.get("beta"));
    float[] y = new float[n * w];
    float[] xhat = new float[n * w];
    float[] invStd = new float[w];
    float[] stats = new float[2 * w];
    BatchNormKernel.forwardTraining(
        x, n, w, params, 0, w, y, xhat, invStd, stats, 0, w, eps, BatchNormKernel.scratch(w));
    assertArrayClose("batch_mean", ReferenceFile.flat(c.get("batch_mean")), stats, 0, SINGLE_PASS);
    assertArrayClose(
        "batch_var_biased", ReferenceFile.flat(c.get("batch_var_biased")), stats, w, SINGLE_PASS);
    assertArrayClose("X_hat", ReferenceFile.flat(c.get("X_hat")), xhat, SINGLE_PASS);
    assertArrayClose("Y", ReferenceFile.flat(c.get("Y")), y, SINGLE_PASS);

    float[] d = ReferenceFile.flatFloat(c.get("dY"));
    float[] grad = new float[2 * w];
    BatchNormKernel.backwardTraining(
        d, n, w, xhat, invStd, params, 0, w, grad, false, BatchNormKernel.scratch(w));
    assertArrayClose("dX", ReferenceFile.flat(c.get("dX")), d, SINGLE_PASS);
    assertArrayClose("dgamma", ReferenceFile.flat(c.get("dgamma")), grad, 0, SINGLE_PASS);
    assertArrayClose("dbeta", ReferenceFile.flat(c.get("dbeta")), grad, w, SINGLE_PASS);

    // Running statistics through the cross-partition merger, with one partition.
    NetworkSpec spec =
        new NetworkSpec(
            w,
            List.of(HiddenLayerSpec.of(w, Activation.IDENTITY).withBatchNorm(true)),
            1,
            Loss.MEAN_SQUARED_ERROR);
    ParameterLayout layout = ParameterLayout.of(spec);
    float[] state = concat(c.get("running_mean_before"), c.get("running_var_before"));
    BatchNormStatistics merged = new BatchNormStatistics(layout);
    merged.add(stats, n);
    merged.applyTo(state, momentum);
    assertArrayClose(
        "running_mean_after",
        ReferenceFile.flat(c.get("running_mean_after")),
        state,
        0,
        SINGLE_PASS);
    assertArrayClose(
        "running_var_after", ReferenceFile.flat(c.get("running_var_after")), state, w, SINGLE_PASS);
    cases++;
  }

  private static void eval(JsonNode c) {
    int n = c.get("batch_size").asInt();
    int w = c.get("num_features").asInt();
    float[] x = ReferenceFile.flatFloat(c.get("X"));
    float[] params = concat(c.get("gamma"), c.get("beta"));
    float[] state = concat(c.get("running_mean"), c.get("running_var"));
    float[] y = new float[n * w];
    float eps = (float) c.get("eps").asDouble();
    BatchNormKernel.forwardInference(x, n, w, params, 0, w, state, 0, w, eps, y);
    assertArrayClose("Y", ReferenceFile.flat(c.get("Y")), y, SINGLE_PASS);
    // Training never back-propagates through inference mode, so the fixture's eval-mode gradients
    // have no kernel to check (the one that computed them was only ever called here).
    cases++;
  }

  private static float[] concat(JsonNode a, JsonNode b) {
    float[] x = ReferenceFile.flatFloat(a);
    float[] y = ReferenceFile.flatFloat(b);
    float[] out = new float[x.length + y.length];
    System.arraycopy(x, 0, out, 0, x.length);
    System.arraycopy(y, 0, out, x.length, y.length);
    return out;
  }
}
