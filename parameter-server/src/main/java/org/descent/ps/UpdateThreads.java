package org.descent.ps;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Splits one elementwise pass over a flat array into ranges run on several threads at once: the
 * parameter server's division of the gradient sum and its optimiser update ({@link
 * ElementwiseOptimizer}). Each entry is computed by the same arithmetic whichever range holds it,
 * so the result is the one pass's, bit for bit, for every thread count.
 *
 * <p>Why: while the driver updates, the tasks wait for the new weights, so in local mode (and on a
 * driver with cores of its own) the other cores are idle. At 10⁶ parameters Adam's pass is about 1
 * ms, at 10⁷ about 10 ms: memory-bound loops that two threads run in a little over half the time.
 * Small arrays stay on the calling thread: waking a parked thread costs tens of microseconds, about
 * Adam's time for {@value #MIN_ENTRIES_PER_THREAD} entries.
 */
public final class UpdateThreads {
  /** A range is never smaller than this many entries (except the whole array). */
  public static final int MIN_ENTRIES_PER_THREAD = 1 << 17;

  /** Memory bandwidth, not cores, bounds these loops; more threads than this gain nothing. */
  private static final int MAX_THREADS = 4;

  /** Range boundaries fall on 64-byte lines, so no two threads write the same cache line. */
  private static final int ALIGN = 16;

  private static final UpdateThreads SEQUENTIAL = new UpdateThreads(1, Integer.MAX_VALUE);

  private final int threads;
  private final int minEntriesPerThread;
  private final ExecutorService helpers; // threads − 1 of them; the caller runs the first range

  /** The body of a pass over {@code [from, to)}, the {@code range}th of the split. */
  @FunctionalInterface
  public interface RangeBody {
    void run(int range, int from, int to);
  }

  /**
   * @param threads at least 1, the caller included
   * @param minEntriesPerThread the smallest range worth a thread of its own
   */
  public UpdateThreads(int threads, int minEntriesPerThread) {
    if (threads < 1 || minEntriesPerThread < 1) {
      throw new IllegalArgumentException(
          "threads and entries per thread must be ≥ 1, got "
              + threads
              + ", "
              + minEntriesPerThread);
    }
    this.threads = threads;
    this.minEntriesPerThread = minEntriesPerThread;
    this.helpers = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, daemons());
  }

  /** Every pass on the calling thread. */
  public static UpdateThreads sequential() {
    return SEQUENTIAL;
  }

  /** The JVM's shared threads: one per core, at most {@value #MAX_THREADS}, caller included. */
  public static UpdateThreads shared() {
    return Shared.INSTANCE;
  }

  private static final class Shared {
    static final UpdateThreads INSTANCE =
        new UpdateThreads(
            Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()),
            MIN_ENTRIES_PER_THREAD);
  }

  /** How many ranges {@link #forEachRange} splits {@code n} entries into. */
  public int ranges(int n) {
    return Math.max(1, Math.min(threads, n / minEntriesPerThread));
  }

  /**
   * Runs {@code body} over {@link #ranges}{@code (n)} consecutive ranges that cover {@code [0, n)},
   * at once, and returns when all have ended; an exception of any range is rethrown.
   */
  public void forEachRange(int n, RangeBody body) {
    int k = ranges(n);
    if (k == 1) {
      body.run(0, 0, n);
      return;
    }
    Future<?>[] others = new Future<?>[k - 1];
    for (int r = 1; r < k; r++) {
      int range = r;
      others[r - 1] =
          helpers.submit(() -> body.run(range, bound(n, k, range), bound(n, k, range + 1)));
    }
    try {
      body.run(0, 0, bound(n, k, 1));
    } finally {
      for (Future<?> f : others) {
        await(f); // even after a failure here: no range may still write once this returns
      }
    }
  }

  /**
   * Two passes over the same ranges for the price of one dispatch: every range runs {@code first};
   * when all have, {@code proceed} is asked once; if it answers true, every range runs {@code
   * second}. Waking the helper threads once instead of twice saves tens of microseconds a step.
   * {@code proceed} must not throw. An exception of {@code first} skips {@code second} everywhere
   * and is rethrown.
   */
  public void forEachRangeTwice(int n, RangeBody first, BooleanSupplier proceed, RangeBody second) {
    int k = ranges(n);
    if (k == 1) {
      first.run(0, 0, n);
      if (proceed.getAsBoolean()) {
        second.run(0, 0, n);
      }
      return;
    }
    AtomicReference<RuntimeException> failed = new AtomicReference<>();
    AtomicBoolean go = new AtomicBoolean();
    CyclicBarrier between =
        new CyclicBarrier(k, () -> go.set(failed.get() == null && proceed.getAsBoolean()));
    forEachRange(
        n,
        (r, from, to) -> {
          try {
            first.run(r, from, to);
          } catch (RuntimeException e) {
            failed.compareAndSet(null, e);
          }
          awaitAll(between); // every range arrives, failed or not, so none waits forever
          if (go.get()) {
            second.run(r, from, to);
          }
        });
    if (failed.get() != null) {
      throw failed.get();
    }
  }

  /** Waits for every range at {@code barrier}; the other ranges count on this one arriving. */
  private static void awaitAll(CyclicBarrier barrier) {
    try {
      uninterruptibly(barrier::await);
    } catch (BrokenBarrierException e) {
      throw new IllegalStateException("a range of a two-pass update did not arrive", e);
    }
  }

  /** The start of range {@code r} of {@code k} over {@code n} entries, on a line boundary. */
  static int bound(int n, int k, int r) {
    if (r >= k) {
      return n;
    }
    long even = (long) n * r / k;
    return (int) Math.min(n, even / ALIGN * ALIGN);
  }

  /** Waits for range {@code f} to end (it still writes our arrays) and rethrows its exception. */
  private static void await(Future<?> f) {
    try {
      uninterruptibly(f::get);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  /** A wait that may be interrupted or fail with {@code E}. */
  private interface Wait<E extends Exception> {
    void run() throws InterruptedException, E;
  }

  /**
   * Runs {@code wait} to its end however often the thread is interrupted (a range must never be
   * left behind), then sets the thread's interrupt flag again if it was interrupted meanwhile.
   */
  private static <E extends Exception> void uninterruptibly(Wait<E> wait) throws E {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          wait.run();
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static ThreadFactory daemons() {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "descent-update-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
