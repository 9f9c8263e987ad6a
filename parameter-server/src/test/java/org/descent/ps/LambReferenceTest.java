package org.descent.ps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.descent.nn.ParameterLayout;
import org.junit.jupiter.api.Test;

/**
 * LAMB against a trajectory computed elsewhere: {@code src/test/python/lamb_reference.py}, a
 * hand-written float64 LAMB step in numpy with a trust ratio per parameter tensor (You et al.
 * 2019), stored as {@code lamb/lamb-per-tensor.json}. The gradients are replayed in float32 through
 * {@link UpdateConfig} with the layout, and the parameters compared after every step.
 */
class LambReferenceTest {
  private static final ParameterLayout LAYOUT = SmallNetworks.withBatchNorm();

  private static JsonNode fixture() throws IOException {
    try (InputStream in =
        LambReferenceTest.class.getResourceAsStream("/lamb/lamb-per-tensor.json")) {
      assertTrue(in != null, "lamb/lamb-per-tensor.json is missing from the test resources");
      return new ObjectMapper().readTree(in);
    }
  }

  private static float[] floats(JsonNode a) {
    float[] x = new float[a.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) a.get(i).asDouble();
    }
    return x;
  }

  @Test
  void everyStepMatchesTheFloat64PerTensorReference() throws IOException {
    JsonNode f = fixture();
    List<ParameterLayout.Segment> segments = LAYOUT.segments();
    JsonNode sizes = f.get("segments");
    assertEquals(segments.size(), sizes.size(), "the fixture's tensors are the layout's segments");
    for (int k = 0; k < segments.size(); k++) {
      assertEquals(sizes.get(k).asInt(), segments.get(k).length(), "segment " + k);
    }
    JsonNode hp = f.get("hyperparameters");
    UpdateConfig config =
        UpdateConfig.fromMap(
            java.util.Map.of(
                "optimizer.name", "lamb",
                "optimizer.lr", hp.get("lr").asText(),
                "optimizer.beta1", hp.get("beta1").asText(),
                "optimizer.beta2", hp.get("beta2").asText(),
                "optimizer.eps", hp.get("eps").asText(),
                "optimizer.weightDecay", hp.get("weight_decay").asText()));
    Optimizer lamb = config.optimizer(LAYOUT);
    float[] params = floats(f.get("p0"));
    float[][] state = OptimizerState.zeros(lamb, params.length).buffers();
    float lr = (float) hp.get("lr").asDouble();
    JsonNode grads = f.get("gradients");
    JsonNode after = f.get("params_after_step");
    assertTrue(grads.size() >= 5, "a trajectory of several steps");
    for (int t = 0; t < grads.size(); t++) {
      lamb.update(params, floats(grads.get(t)), state, t + 1, lr);
      JsonNode expected = after.get(t);
      double max = 0;
      for (JsonNode e : expected) {
        max = Math.max(max, Math.abs(e.asDouble()));
      }
      for (int i = 0; i < params.length; i++) {
        assertEquals(
            expected.get(i).asDouble(),
            params[i],
            1e-5 * max + 1e-12,
            "step " + (t + 1) + ", parameter " + i + " (" + LAYOUT.segmentOf(i) + ")");
      }
    }
  }
}
