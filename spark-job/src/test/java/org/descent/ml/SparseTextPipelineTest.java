package org.descent.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text classification end to end in a 1 GiB heap (driver and executors of local[2] in one JVM, as
 * the surefire execution "heap-1g" runs it): Tokenizer → HashingTF(2^18) → DescentClassifier on
 * 4,000 Debian package descriptions labelled by their Section (data/debian-sections.tsv.gz, made by
 * data/debian-sections.sh). Densified, the 3,200 training rows alone would take 3.4 GB; the sparse
 * path packs their ≈ 20,000 stored entries. Its test accuracy is within 1 point of MLlib's
 * LogisticRegression on the same split, and the saved and loaded PipelineModel predicts the same.
 */
@Tag("heap1g")
class SparseTextPipelineTest {
  @RegisterExtension static final LocalSpark SPARK = LocalSpark.withCores(2);

  private static final long MIB = 1 << 20;

  @Test
  void hashedTextTrainsSparseInA1GibHeapAsAccuratelyAsLogisticRegression(@TempDir Path dir)
      throws Exception {
    long max = Runtime.getRuntime().maxMemory();
    assertTrue(max <= 1100 * MIB, "runs in the heap-1g surefire execution: max heap " + max);
    Dataset<Row>[] split =
        DebianSections.read(SPARK.session(), "../data/debian-sections.tsv.gz")
            .repartition(2)
            .randomSplit(new double[] {0.8, 0.2}, 7);
    Dataset<Row> train = split[0].cache();
    Dataset<Row> test = split[1].cache();
    MulticlassClassificationEvaluator accuracy =
        new MulticlassClassificationEvaluator().setMetricName("accuracy");

    long t0 = System.nanoTime();
    PipelineModel descent = DebianSections.pipeline(1 << 18, DebianSections.descent()).fit(train);
    long t1 = System.nanoTime();
    DescentClassificationModel model = (DescentClassificationModel) descent.stages()[2];
    assertTrue(model.summary().sparseInput(), "the hashed column trains sparse");
    assertEquals(1 << 18, model.numFeatures());
    Dataset<Row> predicted = descent.transform(test).cache();
    double descentAccuracy = accuracy.evaluate(predicted);

    long t2 = System.nanoTime();
    PipelineModel lr =
        DebianSections.pipeline(1 << 18, new LogisticRegression().setMaxIter(50).setRegParam(1e-4))
            .fit(train);
    double lrAccuracy = accuracy.evaluate(lr.transform(test));
    long t3 = System.nanoTime();
    System.out.printf("fit Descent %.1f s, LR fit+eval %.1f s%n", (t1 - t0) / 1e9, (t3 - t2) / 1e9);
    System.out.printf(
        "debian-sections, 2^18 hashed features: Descent %.4f, MLlib LogisticRegression %.4f,"
            + " max heap %d MiB%n",
        descentAccuracy, lrAccuracy, max / MIB);
    assertTrue(descentAccuracy > 0.6, "it learns: " + descentAccuracy);
    assertTrue(
        descentAccuracy >= lrAccuracy - 0.01,
        "Descent " + descentAccuracy + " vs LogisticRegression " + lrAccuracy);

    String path = dir.resolve("pipeline").toString();
    descent.write().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    List<Row> before = predicted.select("prediction", "probability").collectAsList();
    List<Row> after = loaded.transform(test).select("prediction", "probability").collectAsList();
    assertEquals(before, after, "the loaded pipeline predicts as the saved one");
  }
}
