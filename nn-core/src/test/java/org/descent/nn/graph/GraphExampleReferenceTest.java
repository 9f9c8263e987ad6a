package org.descent.nn.graph;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.descent.nn.reference.ReferenceDirectory;
import org.descent.nn.reference.ReferenceFile;
import org.junit.jupiter.api.Test;

/**
 * Every {@code graph_example} fixture (FORMAT.md §3): f(x, y, z) = max((x + y)·z, 0) built on the
 * graph engine, checked at every point for q, p, f and the three partials. No point is skipped: the
 * engine's kink convention (d/dt max(t, 0) = 1 iff t > 0) is the file's, so the at_kink points must
 * match too.
 */
class GraphExampleReferenceTest {
  // The fixtures' own bound for an independent float64 implementation.
  private static final double REL = 1e-12;
  private static final double ABS = 1e-13;

  @Test
  void everyPointMatchesValuesAndPartials() {
    List<ReferenceFile> files = ReferenceDirectory.ofKinds(Set.of("graph_example"));
    assertFalse(files.isEmpty(), "no graph_example fixture in " + ReferenceDirectory.location());
    int checked = 0;
    for (ReferenceFile file : files) {
      JsonNode points = file.root().get("points");
      for (int i = 0; i < points.size(); i++) {
        checkPoint(file.name() + " points[" + i + "]", points.get(i));
        checked++;
      }
    }
    assertTrue(checked > 0, "graph_example fixtures hold no points");
  }

  private static void checkPoint(String where, JsonNode point) {
    Value x = Value.of(point.get("x").asDouble());
    Value y = Value.of(point.get("y").asDouble());
    Value z = Value.of(point.get("z").asDouble());
    Value q = x.add(y);
    Value p = q.mul(z);
    Value f = p.relu();
    f.backward();

    assertClose(where + " sum_xy", point.get("sum_xy").asDouble(), q.data());
    assertClose(where + " product", point.get("product").asDouble(), p.data());
    assertClose(where + " f", point.get("f").asDouble(), f.data());
    assertClose(where + " df_dx", point.get("df_dx").asDouble(), x.grad());
    assertClose(where + " df_dy", point.get("df_dy").asDouble(), y.grad());
    assertClose(where + " df_dz", point.get("df_dz").asDouble(), z.grad());
  }

  private static void assertClose(String what, double ref, double got) {
    if (!(Math.abs(got - ref) <= REL * Math.abs(ref) + ABS)) {
      fail(String.format("%s: got %.17g, reference %.17g", what, got, ref));
    }
  }
}
