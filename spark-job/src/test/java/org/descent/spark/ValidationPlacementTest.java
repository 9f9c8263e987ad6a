package org.descent.spark;

import static org.descent.spark.DistributedTrainerTest.mlp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.descent.nn.FeatureScaling;
import org.descent.nn.Initializer;
import org.descent.nn.NetworkSpec;
import org.descent.ps.train.DataBlock;
import org.descent.ps.train.Dataset;
import org.descent.ps.train.Evaluation;
import org.descent.ps.train.Evaluations;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Validation evaluated on the driver (a cluster's small validation set, collected once) gives the
 * very metrics of the executors' job: the same code over the same blocks, merged in partition order
 * — loss, accuracy and every confusion count to the bit. Local mode keeps the job.
 */
class ValidationPlacementTest {
  @RegisterExtension
  static final LocalSpark SPARK =
      LocalSpark.withCores(2).withKryo(DescentKryoRegistrator.class.getName());

  @Test
  void theDriverAndTheExecutorsGiveTheSameMetricsToTheBit() throws IOException {
    Dataset digits = DistributedTrainerTest.digits();
    NetworkSpec spec = mlp();
    float[] weights = Initializer.initialParameters(spec, 7);
    float[] state = new float[0];
    // 3 partitions over 4 blocks' worth of rows, one of them empty: uneven, as real data is.
    JavaRDD<DataBlock> blocks =
        DistributedTrainerTest.blocks(SPARK, digits, 3)
            .union(
                JavaSparkContext.fromSparkContext(SPARK.session().sparkContext())
                    .parallelize(
                        java.util.List.of(
                            new DataBlock(new float[0], new float[0], 0, digits.width(), 1)),
                        1));
    Broadcast<NetworkSpec> specB =
        JavaSparkContext.fromSparkContext(SPARK.session().sparkContext()).broadcast(spec);
    Broadcast<float[]> weightsB =
        JavaSparkContext.fromSparkContext(SPARK.session().sparkContext()).broadcast(weights);
    FeatureScaling identity = FeatureScaling.none(1);
    DistributedEvaluator executors =
        new DistributedEvaluator(blocks, specB, "placement", identity, true)
            .placement(DistributedEvaluator.Placement.EXECUTORS);
    DistributedEvaluator driver =
        new DistributedEvaluator(blocks, specB, "placement", identity, true)
            .placement(DistributedEvaluator.Placement.DRIVER);

    Evaluation a = executors.evaluate(weights, state, () -> weightsB);
    Evaluation b = driver.evaluate(weights, state, () -> weightsB);
    assertEquals(digits.rows(), a.rows());
    assertEquals(a.rows(), b.rows());
    assertEquals(Double.doubleToLongBits(a.loss()), Double.doubleToLongBits(b.loss()));
    assertEquals(Double.doubleToLongBits(a.accuracy()), Double.doubleToLongBits(b.accuracy()));
    assertTrue(Evaluations.hasPairs(a) && Evaluations.hasPairs(b));
    for (int i = 0; i < a.confusion().length; i++) {
      assertArrayEquals(a.confusion()[i], b.confusion()[i], "confusion row " + i);
    }
    assertTrue(driver.evaluatesOnDriver(), "the driver kept the blocks");
    assertFalse(executors.evaluatesOnDriver());

    DistributedEvaluator auto =
        new DistributedEvaluator(blocks, specB, "placement", identity, true);
    Evaluation c = auto.evaluate(weights, state, () -> weightsB);
    assertEquals(Double.doubleToLongBits(a.loss()), Double.doubleToLongBits(c.loss()));
    assertFalse(auto.evaluatesOnDriver(), "local mode evaluates in a job, as before");
  }
}
