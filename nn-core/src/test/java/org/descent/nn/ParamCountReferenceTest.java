package org.descent.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.descent.nn.reference.ReferenceDirectory;
import org.descent.nn.reference.ReferenceFile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Parameter counts per layer and in total, against the fixtures and the course's two examples. */
class ParamCountReferenceTest {

  @TestFactory
  List<DynamicTest> everyNetHasTheReferenceCounts() {
    List<DynamicTest> tests = new ArrayList<>();
    for (ReferenceFile f : ReferenceDirectory.ofKinds(Set.of("param_counts"))) {
      for (JsonNode net : f.root().get("nets")) {
        int[] widths = ReferenceFile.ints(net.get("widths"));
        tests.add(
            DynamicTest.dynamicTest(
                f.name() + " " + java.util.Arrays.toString(widths), () -> check(widths, net)));
      }
    }
    return tests;
  }

  private static void check(int[] widths, JsonNode net) {
    NetworkSpec spec = NetworkSpec.of(widths, Activation.RELU, Loss.MEAN_SQUARED_ERROR);
    ParameterLayout layout = ParameterLayout.of(spec);
    JsonNode layers = net.get("layers");
    assertEquals(layers.size(), layout.denseLayerCount());
    for (int l = 0; l < layers.size(); l++) {
      JsonNode ref = layers.get(l);
      ParameterLayout.Dense d = layout.dense(l);
      assertEquals(ref.get("in").asInt(), d.in());
      assertEquals(ref.get("out").asInt(), d.out());
      assertEquals(ref.get("weights").asLong(), (long) d.in() * d.out());
      assertEquals(ref.get("params").asLong(), layout.layerParameterCount(l));
    }
    assertEquals(net.get("params").asLong(), layout.size());
    assertEquals(net.get("params").asLong(), NetworkSummary.of(spec).totalParameters());
  }

  @Test
  void courseExamplesHave26And41Parameters() {
    assertEquals(
        26,
        NetworkSummary.of(
                NetworkSpec.of(new int[] {3, 4, 2}, Activation.RELU, Loss.SOFTMAX_CROSS_ENTROPY))
            .totalParameters());
    assertEquals(
        41,
        NetworkSummary.of(
                NetworkSpec.of(new int[] {3, 4, 4, 1}, Activation.RELU, Loss.MEAN_SQUARED_ERROR))
            .totalParameters());
  }
}
