package org.descent.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.descent.nn.ParameterLayout;
import org.descent.nn.Tie;
import org.descent.ps.InvalidConfigException;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spark.ml Param {@code model.ties}: syntax checked when set, shapes at fit (they depend on the
 * data's widths), and the fitted model holds, shows and saves the tied network.
 */
class TiedParamTest {
  @RegisterExtension static final LocalSpark SPARK = LocalSpark.withCores(2);

  private static Dataset<Row> iris;

  @BeforeAll
  static void read() {
    iris = IrisFrame.read(SPARK.session()).cache();
  }

  private static DescentClassifier classifier(String ties) {
    return new DescentClassifier()
        .setHiddenLayers(8, 8, 8)
        .setTies(ties)
        .setLearningRate(0.05)
        .setBatchSize(32)
        .setEpochs(15)
        .setSeed(3);
  }

  @Test
  void theParamIsTheConfigurationKeyAndChecksItsSyntaxWhenSet() {
    DescentClassifier c = new DescentClassifier();
    assertEquals("", c.getTies());
    assertEquals("ties", c.ties().name());
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> c.setTies("3-2-same"));
    assertEquals("model.ties", e.key());
    assertEquals("", c.getTies(), "a refused value leaves the estimator unchanged");
    assertEquals("3:2:same", c.setTies("3:2:same").getTies());
  }

  @Test
  void aTiedClassifierFitsShowsItsCountsAndSavesItsTies(@TempDir Path dir) throws Exception {
    // 4 → 8 → 8 → 8 → 3: dense layer 3 multiplies by dense layer 2's 8×8 matrix.
    DescentClassificationModel model = classifier("3:2:same").fit(iris);
    assertEquals(List.of(new Tie(2, 1, Tie.Mode.SAME)), model.trainedNetwork().spec().ties());
    ParameterLayout layout = ParameterLayout.of(model.trainedNetwork().spec());
    assertEquals(40 + 72 + 8 + 27, layout.size());
    String summary = model.describe();
    assertTrue(summary.contains("W = dense 2 (shared)"), summary);
    assertTrue(summary.contains("untied (no sharing)"), summary);
    String uri = dir.resolve("model").toUri().toString();
    model.write().overwrite().save(uri);
    DescentClassificationModel loaded = DescentClassificationModel.load(uri);
    assertEquals(model.trainedNetwork().spec(), loaded.trainedNetwork().spec());
    assertEquals(
        model.transform(iris).select("probability").collectAsList(),
        loaded.transform(iris).select("probability").collectAsList());
  }

  @Test
  void aTieThatDoesNotFitTheDataIsRefusedAtFitNamingTheKey() {
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> classifier("4:1:transpose").fit(iris));
    assertEquals("model.ties", e.key());
    assertTrue(e.getMessage().contains("dense layer 4 (8 → 3)"), e.getMessage());
  }
}
