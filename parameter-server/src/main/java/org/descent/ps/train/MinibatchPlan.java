package org.descent.ps.train;

import java.io.Serializable;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Which rows each partition contributes to each step — the same rule in the local and the Spark
 * trainer, and a function of (seed, epoch, partition, step) only, so a retried task picks the same
 * rows. An epoch has S = ⌈N / B⌉ steps for N rows in all and global batch B; partition p with n_p
 * rows visits them in its own per-epoch permutation and takes positions [⌊s·n_p/S⌋, ⌊(s+1)·n_p/S⌋)
 * at step s: ⌊n_p/S⌋ or ⌈n_p/S⌉ rows, so its share of every global batch is proportional to its
 * size, no step of a partition with n_p ≥ S is empty, and every row is visited exactly once.
 */
public final class MinibatchPlan implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long seed;
  private final boolean shuffle;
  private final int stepsPerEpoch;

  /**
   * @param totalRows rows over all partitions
   * @param globalBatch rows per step over all partitions
   */
  public MinibatchPlan(long seed, boolean shuffle, long totalRows, int globalBatch) {
    if (totalRows <= 0) {
      throw new IllegalArgumentException("no training rows");
    }
    if (globalBatch <= 0) {
      throw new IllegalArgumentException("train.batchSize must be positive, got " + globalBatch);
    }
    this.seed = seed;
    this.shuffle = shuffle;
    this.stepsPerEpoch =
        (int) Math.min(Integer.MAX_VALUE, (totalRows + globalBatch - 1) / globalBatch);
  }

  public int stepsPerEpoch() {
    return stepsPerEpoch;
  }

  /** The most rows a partition with {@code rows} rows takes in one step: ⌈rows / steps⌉. */
  public int rowsPerStep(int rows) {
    return (rows + stepsPerEpoch - 1) / stepsPerEpoch;
  }

  /** The order partition {@code partition} visits its rows in during {@code epoch}. */
  public int[] order(int epoch, int partition, int rows) {
    if (!shuffle) {
      return IntStream.range(0, rows).toArray();
    }
    return Dataset.permutation(rows, new SplittableRandom(mix(mix(seed, epoch), partition)));
  }

  /** First position in {@link #order} used at {@code stepInEpoch} (0-based): ⌊s·rows/S⌋. */
  public int from(int stepInEpoch, int rows) {
    return (int) ((long) stepInEpoch * rows / stepsPerEpoch);
  }

  /** Positions used at {@code stepInEpoch}; 0 only for a partition smaller than S. */
  public int count(int stepInEpoch, int rows) {
    return from(stepInEpoch + 1, rows) - from(stepInEpoch, rows);
  }

  /** The dropout seed of (epoch, partition, global step). */
  public long dropoutSeed(int epoch, int partition, long step) {
    return mix(mix(mix(seed, epoch), partition), step);
  }

  /** SplitMix64 finaliser over (a, b): well-spread seeds from structured inputs. */
  static long mix(long a, long b) {
    long z = a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
