package org.descent.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A PipelineModel saved by an earlier build (Spark metadata + Descent's model file, see {@link
 * GoldenSparkMlModel}) still loads and gives the probabilities it gave then.
 */
class GoldenSparkMlModelTest {
  @RegisterExtension static final LocalSpark SPARK = LocalSpark.withCores(2);

  @Test
  void theGoldenPipelineLoadsAndReproducesItsRecordedProbabilities() throws Exception {
    PipelineModel model =
        PipelineModel.load(GoldenSparkMlModel.DIR.toAbsolutePath().toUri().toString());
    DescentClassificationModel descent =
        assertInstanceOf(DescentClassificationModel.class, model.stages()[1]);
    assertEquals(3, descent.numClasses());
    assertEquals("true", descent.provenance().get("config.model.batchNorm"));

    List<String> expected =
        Files.readAllLines(GoldenSparkMlModel.PREDICTIONS, StandardCharsets.UTF_8);
    List<String> actual =
        GoldenSparkMlModel.probabilities(model, GoldenSparkMlModel.iris(SPARK.session()));
    assertEquals(150, expected.size());
    assertEquals(expected.size(), actual.size());
    // BLAS implementations (OpenBLAS, Java) may round the last bit differently, hence 1e-6.
    for (int r = 0; r < expected.size(); r++) {
      String[] e = expected.get(r).split(",");
      String[] a = actual.get(r).split(",");
      assertEquals(e.length, a.length, "row " + r);
      for (int c = 0; c < e.length; c++) {
        assertEquals(Double.parseDouble(e[c]), Double.parseDouble(a[c]), 1e-6, "row " + r);
      }
    }
  }
}
