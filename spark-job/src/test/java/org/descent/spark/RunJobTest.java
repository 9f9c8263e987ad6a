package org.descent.spark;

import static org.descent.spark.DistributedTrainerTest.mlp;
import static org.descent.spark.DistributedTrainerTest.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.ps.train.DataBlock;
import org.descent.ps.train.Dataset;
import org.descent.ps.train.EarlyStopMetric;
import org.descent.ps.train.TrainingSettings;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The network transport keeps one barrier job of resident tasks for the whole run ({@link
 * RunSteps}) where nothing needs the task slots between epochs, and a job per epoch where
 * validation runs on the executors; both give the bits of a job per step. Early stopping ends the
 * run's job cleanly, and a job that fails in a later epoch is relaunched from the step that was not
 * applied and goes on through the remaining epochs with the same bits. Run in local mode over
 * loopback ({@code train.stepTransport=network}).
 */
class RunJobTest {
  @RegisterExtension
  static final LocalSpark SPARK =
      LocalSpark.withCores(2).withKryo(DescentKryoRegistrator.class.getName());

  private static final long SEED = 42;
  private static final int EPOCHS = 3;

  private static Dataset train;
  private static Dataset validation;
  private static JavaRDD<DataBlock> trainBlocks;
  private static JavaRDD<DataBlock> validationBlocks;

  @BeforeAll
  static void readDigits() throws IOException {
    Dataset[] parts = DistributedTrainerTest.digits().split(0.8, SEED);
    train = parts[0];
    validation = parts[1];
    trainBlocks = DistributedTrainerTest.blocks(SPARK, train, 2);
    validationBlocks = DistributedTrainerTest.blocks(SPARK, validation, 2);
  }

  /** Counts the resident step jobs started (by their description) and their tasks' ids. */
  private static final class StepJobs extends SparkListener implements AutoCloseable {
    final List<Integer> jobs = new CopyOnWriteArrayList<>();
    final List<Long> tasks = new CopyOnWriteArrayList<>();
    private final SparkContext sc = SPARK.session().sparkContext();

    StepJobs() {
      sc.addSparkListener(this);
    }

    @Override
    public void onJobStart(SparkListenerJobStart start) {
      String d = start.properties() == null ? null : start.properties().getProperty(DESCRIPTION);
      if (d != null && d.contains("resident step tasks")) {
        jobs.add(start.jobId());
      }
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart start) {
      tasks.add(start.taskInfo().taskId());
    }

    @Override
    public void close() throws java.util.concurrent.TimeoutException {
      // Listener events arrive asynchronously: wait until the bus has delivered them all.
      sc.listenerBus().waitUntilEmpty();
      sc.removeSparkListener(this);
    }
  }

  private static final String DESCRIPTION = "spark.job.description";

  private static DistributedTrainer trainer(TrainingSettings settings, String transport) {
    NetworkSpec spec = mlp();
    return new DistributedTrainer(new Network(spec), server(spec, "adam", 0.01), settings)
        .stepTransport(transport);
  }

  private static DistributedTrainingResult run(
      String transport, DistributedEvaluator.Placement placement, List<Integer> jobs)
      throws Exception {
    try (StepJobs counted = new StepJobs()) {
      DistributedTrainingResult r =
          trainer(new TrainingSettings(EPOCHS, 64, SEED, true, 0), transport)
              .validationPlacement(placement)
              .train(trainBlocks, validationBlocks, null);
      counted.close();
      jobs.addAll(counted.jobs);
      return r;
    }
  }

  @Test
  void theNetworkTransportRunsEveryEpochInOneJobWithTheBitsOfAJobPerStep() throws Exception {
    List<Integer> wholeRun = new CopyOnWriteArrayList<>();
    List<Integer> perEpoch = new CopyOnWriteArrayList<>();
    List<Integer> memory = new CopyOnWriteArrayList<>();
    DistributedTrainingResult jobs =
        run("jobs", DistributedEvaluator.Placement.DRIVER, new CopyOnWriteArrayList<>());
    DistributedTrainingResult network =
        run("network", DistributedEvaluator.Placement.DRIVER, wholeRun);
    DistributedTrainingResult networkExecutorValidation =
        run("network", DistributedEvaluator.Placement.EXECUTORS, perEpoch);
    DistributedTrainingResult inMemory =
        run("memory", DistributedEvaluator.Placement.EXECUTORS, memory);

    assertEquals(1, wholeRun.size(), "validation on the driver: one job for " + EPOCHS + " epochs");
    assertEquals(EPOCHS, perEpoch.size(), "validation on the executors: a job per epoch");
    assertEquals(EPOCHS, memory.size(), "local mode's in-memory exchange: a job per epoch");
    DistributedTrainerTest.assertSameBits(jobs, network);
    DistributedTrainerTest.assertSameBits(jobs, networkExecutorValidation);
    DistributedTrainerTest.assertSameBits(jobs, inMemory);
    assertEquals(EPOCHS, network.training().history().size());
    for (StepRecord r : network.steps()) {
      DistributedTrainerTest.assertPartsAddUp(r);
    }
    assertEquals(0, ExecutorSteps.openCount(), "executor ends left open");
    DistributedTrainerTest.assertNoActiveJobs(SPARK, "a resident job still runs");
  }

  @Test
  void earlyStoppingEndsTheRunsJobCleanly() throws Exception {
    // Patience 1 and a tolerance no gain exceeds: training stops after its second epoch of ten.
    TrainingSettings settings = new TrainingSettings(10, 64, SEED, true, 1);
    List<Integer> jobs;
    DistributedTrainingResult r;
    try (StepJobs counted = new StepJobs()) {
      r =
          trainer(settings, "network")
              .earlyStopping(EarlyStopMetric.LOSS, 1e9)
              .validationPlacement(DistributedEvaluator.Placement.DRIVER)
              .train(trainBlocks, validationBlocks, null);
      counted.close();
      jobs = List.copyOf(counted.jobs);
    }
    assertTrue(r.training().stoppedEarly(), "stopped early");
    assertEquals(2, r.training().history().size());
    assertEquals(1, jobs.size());
    var job = SPARK.session().sparkContext().statusTracker().getJobInfo(jobs.get(0));
    assertTrue(job.isDefined());
    assertEquals(
        org.apache.spark.JobExecutionStatus.SUCCEEDED,
        job.get().status(),
        "the run's job ended by its tasks returning, not by a cancel");
    assertEquals(0, ExecutorSteps.openCount(), "executor ends left open");
    DistributedTrainerTest.assertNoActiveJobs(SPARK, "a resident job still runs");
  }

  @Test
  void aJobLostBetweenEpochsIsReplacedByOneThatStartsTheNextEpoch() throws Exception {
    TrainingSettings settings = new TrainingSettings(EPOCHS, 64, SEED, true, 0);
    DistributedTrainingResult calm = onDriver("network", settings, trainBlocks);
    SparkContext sc = SPARK.session().sparkContext();
    DistributedTrainingResult hit;
    List<Integer> jobs;
    try (StepJobs counted = new StepJobs()) {
      Consumer<org.descent.ps.train.EpochMetrics> killer =
          m -> {
            if (m.epoch() == 1) {
              // While the tasks wait for epoch 2: one dies, and the job has ended before it starts.
              sc.killTaskAttempt(counted.tasks.get(counted.tasks.size() - 1), true, "injected");
              org.descent.sparktest.Await.until(
                  () -> sc.statusTracker().getActiveJobIds().length == 0,
                  java.time.Duration.ofSeconds(30),
                  "the killed job ends");
            }
          };
      hit =
          trainer(settings, "network")
              .validationPlacement(DistributedEvaluator.Placement.DRIVER)
              .onEpoch(killer)
              .train(trainBlocks, validationBlocks, null);
      counted.close();
      jobs = List.copyOf(counted.jobs);
    }
    assertEquals(2, jobs.size(), "the run's job, and the one that took over at epoch 2");
    DistributedTrainerTest.assertSameBits(calm, hit);
    assertEquals(0, ExecutorSteps.openCount(), "executor ends left open");
    DistributedTrainerTest.assertNoActiveJobs(SPARK, "a resident job still runs");
  }

  @Test
  void aJobKilledInALaterEpochIsRelaunchedFromTheNextStepWithTheSameBits() throws Exception {
    TrainingSettings settings = new TrainingSettings(EPOCHS, 64, SEED, true, 0);
    DistributedTrainingResult calm = onDriver("network", settings, trainBlocks);
    long perEpoch = calm.steps().size() / EPOCHS;
    KilledRun hit = killedAt(perEpoch + perEpoch / 2, settings, trainBlocks); // inside epoch 2
    assertEquals(2, hit.jobs().size(), "the run's job, and the one relaunched in epoch 2");
    DistributedTrainerTest.assertSameBits(calm, hit.result());
    assertEquals(calm.steps().size(), hit.result().steps().size());
    assertEquals(0, ExecutorSteps.openCount(), "executor ends left open");
    DistributedTrainerTest.assertNoActiveJobs(SPARK, "a resident job still runs");
  }

  @Test
  void aLoneTaskComputesOnArrivalWithTheBitsOfAJobPerStepAndSurvivesAKill() throws Exception {
    // One partition: the executor end hosts one task, whose steps run on the network thread that
    // receives their weights (ExecutorSteps.serve); a kill must still end and relaunch it.
    JavaRDD<DataBlock> one = DistributedTrainerTest.blocks(SPARK, train, 1);
    TrainingSettings settings = new TrainingSettings(EPOCHS, 64, SEED, true, 0);
    DistributedTrainingResult jobs = onDriver("jobs", settings, one);
    DistributedTrainingResult network = onDriver("network", settings, one);
    DistributedTrainerTest.assertSameBits(jobs, network);
    for (StepRecord r : network.steps()) {
      DistributedTrainerTest.assertPartsAddUp(r);
    }
    KilledRun hit = killedAt(network.steps().size() / 2, settings, one);
    assertEquals(2, hit.jobs().size(), "the run's job, and the one relaunched after the kill");
    DistributedTrainerTest.assertSameBits(jobs, hit.result());
    assertEquals(0, ExecutorSteps.openCount(), "executor ends left open");
    DistributedTrainerTest.assertNoActiveJobs(SPARK, "a resident job still runs");
  }

  /** A network-transport run whose newest task is killed once step {@code killAt} is recorded. */
  private record KilledRun(DistributedTrainingResult result, List<Integer> jobs) {}

  private static KilledRun killedAt(
      long killAt, TrainingSettings settings, JavaRDD<DataBlock> blocks) throws Exception {
    SparkContext sc = SPARK.session().sparkContext();
    try (StepJobs counted = new StepJobs()) {
      Consumer<StepRecord> killer =
          r -> {
            if (r.step() == killAt) {
              // As a lost executor would: a task of the run's job dies, the barrier stage fails.
              sc.killTaskAttempt(counted.tasks.get(counted.tasks.size() - 1), true, "injected");
            }
          };
      DistributedTrainingResult hit =
          trainer(settings, "network")
              .validationPlacement(DistributedEvaluator.Placement.DRIVER)
              .onStep(killer)
              .train(blocks, validationBlocks, null);
      counted.close();
      return new KilledRun(hit, List.copyOf(counted.jobs));
    }
  }

  /** A run on {@code transport} with validation on the driver. */
  private static DistributedTrainingResult onDriver(
      String transport, TrainingSettings settings, JavaRDD<DataBlock> blocks) {
    return trainer(settings, transport)
        .validationPlacement(DistributedEvaluator.Placement.DRIVER)
        .train(blocks, validationBlocks, null);
  }
}
