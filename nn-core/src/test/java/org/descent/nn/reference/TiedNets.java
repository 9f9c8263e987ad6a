package org.descent.nn.reference;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.descent.nn.ParameterLayout;
import org.descent.nn.Tie;

/**
 * Reads the tied-weight fixtures (sections 10 and 11 of FORMAT.md): their 0-based {@code ties}
 * lists and their owned-parameter lists, where a tied layer's {@code W} / {@code grad_W} entry is
 * {@code null}, into and out of Descent's flat layout.
 */
public final class TiedNets {
  private TiedNets() {}

  /** The fixture's {@code ties} as {@link Tie}s (both 0-based). */
  public static List<Tie> ties(JsonNode list) {
    List<Tie> ties = new ArrayList<>();
    for (JsonNode t : list) {
      ties.add(
          new Tie(
              t.get("layer").asInt(),
              t.get("uses").asInt(),
              Tie.Mode.parse(t.get("mode").asText())));
    }
    return ties;
  }

  /**
   * Copies owned W (null at tied layers, which must be exactly the layers our layout ties) and
   * every b into a flat parameter array.
   */
  public static float[] loadOwned(JsonNode p, String wKey, String bKey, ParameterLayout layout) {
    float[] params = new float[layout.size()];
    for (int l = 0; l < layout.denseLayerCount(); l++) {
      ParameterLayout.Dense d = layout.dense(l);
      JsonNode w = p.get(wKey).get(l);
      if (d.tied(l) != w.isNull()) {
        throw new AssertionError(
            wKey
                + "["
                + l
                + "] is "
                + (w.isNull() ? "null" : "a matrix")
                + " but layer "
                + l
                + (d.tied(l) ? " is tied" : " owns its matrix"));
      }
      if (!w.isNull()) {
        int[] shape = ReferenceFile.shape(w);
        if (shape[0] != d.in() || shape[1] != d.out()) {
          throw new AssertionError(wKey + "[" + l + "] shape mismatch");
        }
        float[] wf = ReferenceFile.flatFloat(w);
        System.arraycopy(wf, 0, params, d.weightOffset(), wf.length);
      }
      float[] bf = ReferenceFile.flatFloat(p.get(bKey).get(l));
      System.arraycopy(bf, 0, params, d.biasOffset(), bf.length);
    }
    return params;
  }

  /** Asserts every owned W and every b of {@code got} against the fixture lists. */
  public static void assertOwnedClose(
      String what,
      JsonNode ref,
      String wKey,
      String bKey,
      float[] got,
      ParameterLayout layout,
      double relOfMax) {
    for (int l = 0; l < layout.denseLayerCount(); l++) {
      ParameterLayout.Dense d = layout.dense(l);
      if (!d.tied(l)) {
        Tolerance.assertArrayClose(
            what + " " + wKey + "[" + l + "]",
            ReferenceFile.flat(ref.get(wKey).get(l)),
            got,
            d.weightOffset(),
            relOfMax);
      }
      Tolerance.assertArrayClose(
          what + " " + bKey + "[" + l + "]",
          ReferenceFile.flat(ref.get(bKey).get(l)),
          got,
          d.biasOffset(),
          relOfMax);
    }
  }
}
