package org.descent.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.descent.sparktest.Await;
import org.junit.jupiter.api.Test;

/** The meeting point of the driver and an epoch's resident tasks, without Spark. */
class StepExchangeTest {
  private static PartitionResult result(int partition, float gradient) {
    PartitionResult r = new PartitionResult(1, 0).reset(partition);
    r.sum().gradient()[0] = gradient;
    return r;
  }

  @Test
  void aTaskWaitsForTheStepAfterTheOneItDidAndTheDriverForEveryPartition() throws Exception {
    StepExchange x = StepExchange.open(2);
    float[] w0 = {1f};
    x.publish(1, 0, 10, w0);
    StepExchange.Published first = x.next(-1);
    assertEquals(0, first.stepInEpoch());
    assertEquals(10, first.step());
    assertSame(w0, first.weights());

    AtomicReference<Thread> task = new AtomicReference<>();
    CompletableFuture<StepExchange.Published> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              task.set(Thread.currentThread());
              return x.next(10);
            });
    Await.waiting(task::get, "the task waits for step 1");
    assertFalse(waiting.isDone(), "step 1 is not published yet");

    PartitionResult second = result(1, 2f);
    PartitionResult first0 = result(0, 1f);
    x.hand(10, 1, second, 0); // partitions arrive in any order
    x.hand(10, 0, first0, 0);
    x.hand(10, 0, result(0, 99f), 0); // a second attempt's result for partition 0 is ignored
    PartitionResult[] got = x.awaitResults(() -> true);
    assertSame(first0, got[0]);
    assertSame(second, got[1]);

    float[] w1 = {2f};
    x.publish(1, 1, 11, w1);
    StepExchange.Published next = waiting.get(5, TimeUnit.SECONDS);
    assertEquals(1, next.stepInEpoch());
    assertArrayEquals(w1, next.weights());
    x.end();
    assertEquals(0, StepExchange.openCount());
  }

  @Test
  void aTaskGoesOnFromAnEpochsLastStepToTheNextEpochsFirst() throws InterruptedException {
    StepExchange x = StepExchange.open(1);
    x.publish(1, 2, 2, new float[] {0f}); // the last of epoch 1's three steps
    assertEquals(2, x.next(-1).step());
    x.hand(2, 0, result(0, 1f), 0);
    x.awaitResults(() -> true);
    x.publish(2, 0, 3, new float[] {1f}); // the same job goes on with epoch 2
    StepExchange.Published next = x.next(2);
    assertEquals(2, next.epoch());
    assertEquals(0, next.stepInEpoch());
    assertEquals(3, next.step());
    x.hand(0, 0, result(0, 5f), 0); // step-in-epoch 0 of epoch 1 is not this step
    assertNull(x.awaitResults(() -> false), "no result for step 3 yet");
    x.hand(3, 0, result(0, 2f), 0);
    assertEquals(2f, x.awaitResults(() -> true)[0].sum().gradient()[0]);
    x.end();
  }

  @Test
  void aTaskThatStartsLateWorksOnTheStepPublishedLast() throws InterruptedException {
    StepExchange x = StepExchange.open(1);
    x.publish(1, 0, 0, new float[] {0f});
    x.publish(1, 1, 1, new float[] {1f});
    assertEquals(1, x.next(-1).stepInEpoch());
    x.hand(0, 0, result(0, 5f), 0); // a late result of an earlier step is not this step's
    assertNull(x.awaitResults(() -> false), "no result for step 1 yet");
    x.end();
  }

  @Test
  void endLetsAWaitingTaskReturnAndClosesTheExchange() throws Exception {
    StepExchange x = StepExchange.open(1);
    long id = x.id();
    x.publish(1, 0, 0, new float[] {0f});
    AtomicReference<Thread> task = new AtomicReference<>();
    CompletableFuture<StepExchange.Published> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              task.set(Thread.currentThread());
              return x.next(0);
            });
    Await.waiting(task::get, "the task waits for step 1");
    assertFalse(waiting.isDone(), "waiting for step 1");
    x.end(); // training stopped mid-epoch: the task returns instead of failing
    assertNull(waiting.get(5, TimeUnit.SECONDS));
    assertNull(x.next(-1));
    IllegalStateException closed =
        assertThrows(IllegalStateException.class, () -> StepExchange.get(id));
    assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    assertEquals(0, StepExchange.openCount());
  }
}
