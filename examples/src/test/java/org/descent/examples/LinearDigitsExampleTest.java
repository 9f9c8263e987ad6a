package org.descent.examples;

import static org.descent.examples.ExampleFixtures.assertPictures;
import static org.descent.examples.ExampleFixtures.conf;
import static org.descent.examples.ExampleFixtures.run;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.descent.spark.DescentKryoRegistrator;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The linear-digits example on local[2] Spark through the distributed trainer, shortened to 36
 * steps per head (larger batches and learning rate, 6 epochs).
 */
class LinearDigitsExampleTest {
  @RegisterExtension
  static final LocalSpark SPARK =
      LocalSpark.withCores(2).withKryo(DescentKryoRegistrator.class.getName());

  @TempDir Path out;

  @Test
  void softmaxRegressionAndMulticlassSvmBothReach90PercentOnDigits() {
    ExampleResult r =
        run(
            "linear-digits",
            conf(
                "linear-digits",
                "train.epochs",
                "6",
                "train.batchSize",
                "256",
                "optimizer.lr",
                "0.05"),
            out,
            SPARK::session);
    Map<String, Double> n = r.numbers();
    assertTrue(n.get("softmax.accuracy") >= 0.9, "test accuracy " + n);
    assertTrue(n.get("hinge.accuracy") >= 0.9, "test accuracy " + n);
    // The loss curves and one 8×8 template sheet per head.
    assertPictures(r, out, 3);
  }
}
