package org.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.descent.sparktest.Await;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pipelined step's job is submitted before its weights exist: its tasks wait for {@link
 * LocalWeights#publish}, fail at once when the weights are destroyed unpublished, and end when the
 * job is cancelled; none of it may hang or leave anything behind.
 */
class DeferredWeightsTest {
  @RegisterExtension
  static final LocalSpark SPARK =
      LocalSpark.withCores(2).withKryo(DescentKryoRegistrator.class.getName());

  private static final long SECONDS = 1_000_000_000L;

  /** Each task returns a one-parameter result holding the first weight it read. */
  private static JavaRDD<PartitionResult> readingFirstWeight(LocalWeights weights) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(SPARK.session().sparkContext());
    return sc.parallelize(Arrays.asList(0, 1), 2)
        .map(
            i -> {
              PartitionResult r = new PartitionResult(1, 0).reset(i);
              r.sum().gradient()[0] = weights.value()[0];
              return r;
            });
  }

  private static PendingSum sumOf(JavaRDD<PartitionResult> results) {
    return new OrderedTreeReduce(results.context(), results.getNumPartitions(), 1, 4)
        .submit(results);
  }

  @AfterEach
  void nothingLeftBehind() throws InterruptedException {
    assertEquals(0, LocalWeights.held(), "weights left in the local table");
    DistributedTrainerTest.assertNoActiveJobs(SPARK, "a job still running");
  }

  @Test
  void tasksStartedBeforeThePublishReadThePublishedWeights() throws InterruptedException {
    LocalWeights weights = LocalWeights.deferred();
    PendingSum job = sumOf(readingFirstWeight(weights));
    bothTasksWaiting();
    weights.publish(new float[] {21f});
    assertEquals(42f, job.await().sum().gradient()[0]); // two partitions, 21 each
    assertTrue(weights.publishedAt() > 0);
    weights.destroy();
  }

  @Test
  void weightsDestroyedBeforeThePublishFailTheWaitingTasksAtOnce() throws InterruptedException {
    LocalWeights weights = LocalWeights.deferred();
    PendingSum job = sumOf(readingFirstWeight(weights));
    bothTasksWaiting();
    long start = System.nanoTime();
    weights.destroy();
    Exception e = assertThrows(Exception.class, job::await);
    assertTrue(System.nanoTime() - start < 10 * SECONDS, "took too long to fail");
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof SparkException)) {
      cause = cause.getCause();
    }
    assertTrue(
        String.valueOf(cause.getMessage()).contains("destroyed before its weights were published"),
        "error: " + cause);
  }

  @Test
  void aCancelledJobWaitingForWeightsEnds() throws InterruptedException {
    LocalWeights weights = LocalWeights.deferred();
    PendingSum job = sumOf(readingFirstWeight(weights));
    bothTasksWaiting();
    long start = System.nanoTime();
    job.cancel();
    assertTrue(System.nanoTime() - start < 10 * SECONDS, "cancel took too long");
    // The killed tasks stop waiting although their weights still exist.
    Await.until(() -> runningTasks() == 0, Duration.ofSeconds(10), "the cancelled tasks end");
    weights.destroy();
  }

  /** Both tasks have started; they can only be waiting for the weights. */
  private static void bothTasksWaiting() {
    Await.until(() -> runningTasks() == 2, Duration.ofSeconds(30), "both tasks start");
    Await.until(
        () -> Await.waitingThreads("Executor task launch worker") >= 2,
        Duration.ofSeconds(10),
        "both tasks wait for the weights");
  }

  private static int runningTasks() {
    int n = 0;
    for (var e : SPARK.session().sparkContext().statusTracker().getExecutorInfos()) {
      n += e.numRunningTasks();
    }
    return n;
  }
}
