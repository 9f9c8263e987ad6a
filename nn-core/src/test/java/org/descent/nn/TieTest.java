package org.descent.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tie declarations: the syntax, the layout they give, and every bad one refused with its shapes.
 */
class TieTest {
  private static NetworkSpec net(int[] widths, String ties) {
    return NetworkSpec.of(widths, Activation.RELU, Loss.MEAN_SQUARED_ERROR)
        .withTies(Tie.parseList(ties));
  }

  private static String refusal(int[] widths, String ties) {
    return assertThrows(IllegalArgumentException.class, () -> net(widths, ties)).getMessage();
  }

  @Test
  void syntaxIsOneBasedAndRoundTrips() {
    List<Tie> ties = Tie.parseList(" 3:1:transpose , 2:1:same");
    assertEquals(List.of(new Tie(2, 0, Tie.Mode.TRANSPOSE), new Tie(1, 0, Tie.Mode.SAME)), ties);
    assertEquals("3:1:transpose,2:1:same", Tie.format(ties));
    assertTrue(Tie.parseList("").isEmpty());
    assertTrue(Tie.parseList("  ").isEmpty());
  }

  @Test
  void badSyntaxSaysWhatToWrite() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Tie.parseList("2:1"))
            .getMessage()
            .contains("LAYER:OWNER:MODE"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Tie.parseList("2:0:same"))
            .getMessage()
            .contains("numbered from 1"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Tie.parseList("2:1:mirror"))
            .getMessage()
            .contains("same (equal shapes) or transpose"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Tie.parseList("two:1:same"))
            .getMessage()
            .contains("'two' is not a dense layer number"));
  }

  @Test
  void tiedLayerOwnsOnlyItsBiasAndPointsAtTheOwnersMatrix() {
    ParameterLayout layout = ParameterLayout.of(net(new int[] {8, 3, 8}, "2:1:transpose"));
    assertEquals(8 * 3 + 3 + 8, layout.size());
    assertEquals(8 * 3 + 3 + 3 * 8 + 8, layout.untiedSize());
    ParameterLayout.Dense decoder = layout.dense(1);
    assertEquals(layout.dense(0).weightOffset(), decoder.weightOffset());
    assertTrue(decoder.transposed());
    assertTrue(decoder.tied(1));
    assertEquals(
        1, layout.segments().stream().filter(s -> s.kind() == ParameterLayout.Kind.WEIGHT).count());
  }

  @Test
  void summaryShowsOwnedAndUntiedCounts() {
    NetworkSummary s = NetworkSummary.of(net(new int[] {8, 3, 8}, "2:1:transpose"));
    assertEquals(35, s.totalParameters());
    assertEquals(59, s.untiedParameters());
    String text = s.format();
    assertTrue(text.contains("W = dense 1ᵀ (shared)"), text);
    assertTrue(text.contains("total (owned)"), text);
    assertTrue(text.contains("untied (no sharing)"), text);
    assertTrue(text.contains(" 59"), text);
    assertEquals(8, s.rows().get(2).parameters(), "the tied layer counts its biases only");
  }

  @Test
  void untiedSummaryIsUnchanged() {
    String text = NetworkSummary.of(net(new int[] {3, 4, 2}, "")).format();
    assertTrue(text.contains("total"), text);
    assertTrue(!text.contains("untied"), text);
  }

  @Test
  void shapeMismatchNamesLayersShapesAndTheModeThatWouldFit() {
    String m = refusal(new int[] {8, 3, 8}, "2:1:same");
    assertTrue(m.contains("dense layer 2 (3 → 8) needs a 3×8 matrix"), m);
    assertTrue(m.contains("dense layer 1's matrix is 8×3"), m);
    assertTrue(m.contains("mode transpose would fit"), m);
    String t = refusal(new int[] {5, 6, 6, 4}, "3:2:transpose");
    assertTrue(t.contains("dense layer 3 (6 → 4) needs a 6×4 matrix"), t);
    assertTrue(t.contains("6×6"), t);
  }

  @Test
  void missingSelfDoubleAndChainedTiesAreRefused() {
    assertTrue(
        refusal(new int[] {8, 3, 8}, "3:1:transpose")
            .contains("there is no dense layer 3; the network [8, 3, 8] has dense layers 1 to 2"));
    assertTrue(refusal(new int[] {8, 3, 8}, "2:2:same").contains("cannot use itself"));
    assertTrue(
        refusal(new int[] {4, 4, 4, 4}, "2:1:same,2:3:same")
            .contains("dense layer 2 is tied twice"));
    String chain = refusal(new int[] {4, 4, 4, 4}, "2:1:same,3:2:same");
    assertTrue(chain.contains("dense layer 2 does not own a matrix"), chain);
    assertTrue(chain.contains("tie dense layer 3 to the owner directly"), chain);
  }

  @Test
  void tiesTakePartInEqualityAndTheDescription() {
    NetworkSpec tied = net(new int[] {8, 3, 8}, "2:1:transpose");
    NetworkSpec untied = net(new int[] {8, 3, 8}, "");
    assertTrue(!tied.equals(untied));
    assertEquals(tied, net(new int[] {8, 3, 8}, "2:1:transpose"));
    assertTrue(tied.toString().contains("ties 2:1:transpose"), tied.toString());
  }

  @Test
  void sparseInputRefusesATransposedFirstLayer() {
    NetworkSpec spec = net(new int[] {4, 6, 4}, "1:2:transpose");
    Network network = new Network(spec);
    SparseRows x = SparseRows.fromDense(new float[8], 0, 2, 4);
    Workspace ws = network.workspace(2);
    float[] p = new float[network.layout().size()];
    String m =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    network.gradient(
                        p,
                        Minibatch.of(x, 0, 2).targets(new float[8], 0),
                        ws,
                        new float[p.length],
                        1,
                        false))
            .getMessage();
    assertTrue(m.contains("tie 1:2:transpose"), m);
  }
}
