package org.descent.spark;

import static org.descent.spark.DistributedTrainerTest.mlp;
import static org.descent.spark.DistributedTrainerTest.server;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.Partition;
import org.apache.spark.SparkException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.ps.train.DataBlock;
import org.descent.ps.train.TrainingSettings;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import scala.reflect.ClassTag$;

/**
 * A resident task that fails ends training with its error (Spark does not rerun a barrier result
 * stage; masters that ask for retries, {@code local[N,F]}, get a job per step instead). Nothing is
 * left behind, and the next run in the same application trains as if nothing had happened.
 */
class EpochJobFailureTest {
  @RegisterExtension
  static final LocalSpark SPARK =
      LocalSpark.withCores(2).withKryo(DescentKryoRegistrator.class.getName());

  /** Failures still to inject, counted down by the resident tasks' block reads. */
  private static final AtomicInteger FAILURES = new AtomicInteger();

  @Test
  void aFailedResidentTaskEndsTrainingWithItsErrorAndLeavesNothingBehind() throws Exception {
    JavaRDD<DataBlock> blocks =
        DistributedTrainerTest.blocks(SPARK, DistributedTrainerTest.digits(), 2);
    JavaRDD<DataBlock> failing = new FailingInBarrierStages(blocks.rdd()).toJavaRDD();
    assertTrue(DistributedTrainer.residentTasksPossible(failing));
    NetworkSpec spec = mlp();
    TrainingSettings settings = new TrainingSettings(2, 64, 42, true, 0);

    FAILURES.set(1);
    SparkException e =
        assertThrows(
            SparkException.class,
            () ->
                new DistributedTrainer(new Network(spec), server(spec, 0.01), settings)
                    .train(failing, null, null));
    assertTrue(e.getMessage().contains("injected failure of a resident task"), e.getMessage());
    assertEquals(0, FAILURES.get());
    assertEquals(0, StepExchange.openCount(), "step exchanges left open");
    DistributedTrainerTest.assertNoActiveJobs(SPARK, "the epoch's job still running");

    float[] again =
        new DistributedTrainer(new Network(spec), server(spec, 0.01), settings)
            .train(failing, null, null)
            .training()
            .parameters();
    float[] perStep =
        new DistributedTrainer(new Network(spec), server(spec, 0.01), settings)
            .stepTransport("jobs")
            .train(blocks, null, null)
            .training()
            .parameters();
    assertArrayEquals(perStep, again);
  }

  /** The blocks, one to one, failing a task of a barrier stage while {@link #FAILURES} > 0. */
  private static final class FailingInBarrierStages extends RDD<DataBlock> {
    private static final long serialVersionUID = 1L;
    private final RDD<DataBlock> blocks;

    FailingInBarrierStages(RDD<DataBlock> blocks) {
      super(blocks, ClassTag$.MODULE$.apply(DataBlock.class));
      this.blocks = blocks;
    }

    @Override
    public scala.collection.Iterator<DataBlock> compute(Partition split, TaskContext context) {
      if (context instanceof BarrierTaskContext
          && split.index() == 1
          && FAILURES.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new IllegalStateException("injected failure of a resident task");
      }
      return blocks.iterator(split, context);
    }

    @Override
    public Partition[] getPartitions() {
      return blocks.partitions();
    }
  }
}
