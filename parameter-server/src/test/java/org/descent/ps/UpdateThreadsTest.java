package org.descent.ps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** A pass split into ranges covers every entry exactly once, on lines of 16 floats, at once. */
class UpdateThreadsTest {

  @Test
  void rangesCoverEveryEntryOnceAndStartOnCacheLines() {
    UpdateThreads threads = new UpdateThreads(3, 100);
    for (int n : new int[] {0, 1, 99, 199, 200, 333, 1000, 4099}) {
      AtomicIntegerArray seen = new AtomicIntegerArray(n);
      ConcurrentHashMap<Integer, Integer> starts = new ConcurrentHashMap<>();
      threads.forEachRange(
          n,
          (r, from, to) -> {
            starts.put(r, from);
            for (int i = from; i < to; i++) {
              seen.incrementAndGet(i);
            }
          });
      for (int i = 0; i < n; i++) {
        assertEquals(1, seen.get(i), "entry " + i + " of " + n);
      }
      assertEquals(threads.ranges(n), starts.size(), "ranges of " + n);
      starts.values().forEach(s -> assertEquals(0, s % 16, "range start " + s + " of " + n));
    }
  }

  @Test
  void smallArraysStayOnTheCallingThreadAndLargeOnesSpreadUpToTheThreadCount() {
    UpdateThreads threads = new UpdateThreads(3, 100);
    assertEquals(1, threads.ranges(199));
    assertEquals(2, threads.ranges(200));
    assertEquals(3, threads.ranges(1_000_000));
    assertEquals(1, UpdateThreads.sequential().ranges(Integer.MAX_VALUE));

    Thread caller = Thread.currentThread();
    ConcurrentHashMap<Thread, Boolean> ran = new ConcurrentHashMap<>();
    threads.forEachRange(199, (r, from, to) -> ran.put(Thread.currentThread(), true));
    assertEquals(List.of(caller), List.copyOf(ran.keySet()));

    ran.clear();
    CyclicBarrier allRunning = new CyclicBarrier(3); // no thread can run two ranges in turn
    threads.forEachRange(
        1_000_000,
        (r, from, to) -> {
          ran.put(Thread.currentThread(), true);
          awaitQuietly(allRunning);
        });
    assertEquals(3, ran.size(), "threads that ran a range: " + ran.keySet());
    assertTrue(ran.containsKey(caller), "the caller runs the first range");
  }

  @Test
  void aHelpersExceptionReachesTheCaller() {
    UpdateThreads threads = new UpdateThreads(2, 10);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                threads.forEachRange(
                    100,
                    (r, from, to) -> {
                      if (r == 1) {
                        throw new IllegalStateException("range 1 failed");
                      }
                    }));
    assertEquals("range 1 failed", e.getMessage());
  }

  @Test
  void whenTheCallersRangeFailsItStillWaitsForTheOthersToEnd() {
    UpdateThreads threads = new UpdateThreads(2, 10);
    CountDownLatch callerFailing = new CountDownLatch(1);
    AtomicBoolean helperEnded = new AtomicBoolean();
    assertThrows(
        IllegalStateException.class,
        () ->
            threads.forEachRange(
                100,
                (r, from, to) -> {
                  if (r == 0) {
                    callerFailing.countDown();
                    throw new IllegalStateException("range 0 failed");
                  }
                  awaitQuietly(callerFailing);
                  helperEnded.set(true);
                }));
    assertTrue(helperEnded.get(), "forEachRange returned while range 1 still ran");
  }

  @Test
  void twoPassesRunTheSecondOnlyAfterEveryRangeEndedTheFirstAndOnlyIfAllowed() {
    UpdateThreads threads = new UpdateThreads(3, 10);
    int n = 1000;
    AtomicIntegerArray firstDone = new AtomicIntegerArray(n);
    AtomicIntegerArray second = new AtomicIntegerArray(n);
    AtomicBoolean sawUnfinished = new AtomicBoolean();
    threads.forEachRangeTwice(
        n,
        (r, from, to) -> {
          for (int i = from; i < to; i++) {
            firstDone.set(i, 1);
          }
        },
        () -> true,
        (r, from, to) -> {
          for (int i = 0; i < n; i++) {
            if (firstDone.get(i) == 0) {
              sawUnfinished.set(true);
            }
          }
          for (int i = from; i < to; i++) {
            second.incrementAndGet(i);
          }
        });
    assertTrue(!sawUnfinished.get(), "a second pass began before every first pass ended");
    for (int i = 0; i < n; i++) {
      assertEquals(1, second.get(i), "entry " + i);
    }

    AtomicBoolean ranSecond = new AtomicBoolean();
    threads.forEachRangeTwice(
        n, (r, from, to) -> {}, () -> false, (r, f, t) -> ranSecond.set(true));
    assertTrue(!ranSecond.get(), "proceed said no");
  }

  @Test
  void aFirstPassFailureSkipsEverySecondPassAndReachesTheCaller() {
    UpdateThreads threads = new UpdateThreads(3, 10);
    AtomicBoolean ranSecond = new AtomicBoolean();
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                threads.forEachRangeTwice(
                    1000,
                    (r, from, to) -> {
                      if (r == 2) {
                        throw new IllegalStateException("first pass of range 2");
                      }
                    },
                    () -> true,
                    (r, from, to) -> ranSecond.set(true)));
    assertEquals("first pass of range 2", e.getMessage());
    assertTrue(!ranSecond.get());
  }

  @Test
  void theSharedThreadsAreOnePerCoreAtMostFour() {
    assertSame(UpdateThreads.shared(), UpdateThreads.shared());
    int cores = Math.min(4, Runtime.getRuntime().availableProcessors());
    assertEquals(cores, UpdateThreads.shared().ranges(Integer.MAX_VALUE));
  }

  private static void awaitQuietly(CyclicBarrier barrier) {
    try {
      barrier.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
      throw new AssertionError("the ranges did not all run at once", e);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      assertTrue(latch.await(30, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
