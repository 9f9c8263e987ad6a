package org.descent.sparktest;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits on a condition, never for a fixed time: returns as soon as it holds, fails at a deadline.
 */
public final class Await {
  private static final long POLL_NANOS = 2_000_000;

  private Await() {}

  /** Returns once {@code condition} holds; fails naming {@code what} after {@code timeout}. */
  public static void until(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("waited " + timeout.toMillis() + " ms in vain until " + what);
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  /** Returns once {@code thread} (set by the code under test) is blocked in a wait or a park. */
  public static void waiting(java.util.function.Supplier<Thread> thread, String what) {
    until(
        () -> {
          Thread t = thread.get();
          return t != null
              && (t.getState() == Thread.State.WAITING
                  || t.getState() == Thread.State.TIMED_WAITING);
        },
        Duration.ofSeconds(10),
        what);
  }

  /** How many live threads whose name starts with {@code prefix} are blocked in a wait or park. */
  public static int waitingThreads(String prefix) {
    int n = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      Thread.State s = t.getState();
      if (t.getName().startsWith(prefix)
          && (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING)) {
        n++;
      }
    }
    return n;
  }
}
