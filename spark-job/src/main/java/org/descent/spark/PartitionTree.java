package org.descent.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The one order in which a step's partition results are added, on every step path: a fixed balanced
 * binary tree over the partition indices, {@code sum(lo, hi) = sum(lo, mid) + sum(mid, hi)} with
 * {@code mid = lo + ⌈(hi − lo) / 2⌉}. Float addition is not associative, so a fixed tree is what
 * makes a run's weights independent of where its tasks ran and in what order their results arrived.
 * For 1–3 partitions it is the plain left-to-right sum.
 *
 * <p>Because the tree is fixed, any part of it can be summed anywhere: an executor that hosts every
 * partition under a node adds that node's subtree itself and sends the driver one partial sum
 * ({@link #maximalNodes}); the driver completes the tree from whatever nodes arrive ({@link #sum}).
 * The bits are the same whichever nodes were summed where.
 */
final class PartitionTree {
  private PartitionTree() {}

  /** A node: the partitions {@code [lo, hi)}. */
  record Node(int lo, int hi) {
    int size() {
      return hi - lo;
    }
  }

  static int mid(int lo, int hi) {
    return lo + (hi - lo + 1) / 2;
  }

  /**
   * The largest nodes of the tree over {@code partitions} partitions whose partitions are all in
   * {@code hosted}, in partition order: what one executor can sum by itself.
   */
  static List<Node> maximalNodes(int partitions, boolean[] hosted) {
    List<Node> out = new ArrayList<>();
    collect(0, partitions, hosted, out);
    return out;
  }

  private static void collect(int lo, int hi, boolean[] hosted, List<Node> out) {
    if (IntStream.range(lo, hi).allMatch(i -> hosted[i])) {
      out.add(new Node(lo, hi));
    } else if (hi - lo > 1) {
      int m = mid(lo, hi);
      collect(lo, m, hosted, out);
      collect(m, hi, hosted, out);
    }
  }

  /** Where the sums of nodes come from: the result for node (lo, hi), or null if not there. */
  interface Parts {
    PartitionResult get(int lo, int hi);
  }

  /**
   * The sum over {@code [lo, hi)} in the tree's order, from {@code parts}: a node present is used
   * as it is, a missing one is the sum of its two children. Adds into the left operand (the results
   * are the caller's buffers); throws if a leaf is missing.
   */
  static PartitionResult sum(int lo, int hi, Parts parts) {
    PartitionResult here = parts.get(lo, hi);
    if (here != null) {
      return here;
    }
    if (hi - lo == 1) {
      throw new IllegalStateException("no result for partition " + lo);
    }
    int m = mid(lo, hi);
    PartitionResult left = sum(lo, m, parts);
    return left.merge(sum(m, hi, parts));
  }

  /** The sum of one result per partition ({@code results[i]} for partition i) in the tree order. */
  static PartitionResult sum(PartitionResult[] results) {
    return sum(0, results.length, (lo, hi) -> hi - lo == 1 ? results[lo] : null);
  }

  /**
   * {@link #sum(PartitionResult[])} for the update alone: the root's two subtrees are summed, and
   * their final addition is left to the parameter server's division pass ({@link
   * PartitionResult#mergeKeepingGradientApart}), which saves a pass over the gradient. Same bits.
   */
  static PartitionResult sumForUpdate(PartitionResult[] results) {
    int n = results.length;
    if (n == 1) {
      return results[0];
    }
    Parts leaves = (lo, hi) -> hi - lo == 1 ? results[lo] : null;
    int m = mid(0, n);
    PartitionResult left = sum(0, m, leaves);
    return left.mergeKeepingGradientApart(sum(m, n, leaves));
  }

  /**
   * Sums nodes as they arrive, adding two siblings as soon as both are in, so that it holds only
   * the nodes whose sibling has not arrived yet (a few, when results come roughly in partition
   * order) rather than every result.
   */
  static final class Accumulator {
    private final int partitions;
    private final java.util.Map<Long, PartitionResult> waiting = new java.util.HashMap<>();
    private int covered;

    Accumulator(int partitions) {
      this.partitions = partitions;
    }

    private static long key(int lo, int hi) {
      return ((long) lo << 32) | hi;
    }

    /** Adds the sum over {@code [lo, hi)}, a node of the tree; a node given twice is an error. */
    void add(int lo, int hi, PartitionResult r) {
      if (waiting.containsKey(key(lo, hi))) {
        throw new IllegalStateException("partitions [" + lo + ", " + hi + ") summed twice");
      }
      covered += hi - lo;
      while (hi - lo < partitions) {
        Node parent = parentOf(lo, hi);
        boolean left = parent.lo() == lo;
        Node sibling = left ? new Node(hi, parent.hi()) : new Node(parent.lo(), lo);
        PartitionResult other = waiting.remove(key(sibling.lo(), sibling.hi()));
        if (other == null) {
          break;
        }
        // The root's addition is left to the parameter server's division pass (the total is read
        // by the update alone); below it, nodes add as they meet.
        boolean root = parent.size() == partitions;
        PartitionResult l = left ? r : other;
        PartitionResult rr = left ? other : r;
        r = root ? l.mergeKeepingGradientApart(rr) : l.merge(rr);
        lo = parent.lo();
        hi = parent.hi();
      }
      waiting.put(key(lo, hi), r);
    }

    private Node parentOf(int lo, int hi) {
      int a = 0;
      int b = partitions;
      while (true) {
        int m = mid(a, b);
        if ((lo == a && hi == m) || (lo == m && hi == b)) {
          return new Node(a, b);
        }
        if (hi <= m) {
          b = m;
        } else if (lo >= m) {
          a = m;
        } else {
          throw new IllegalArgumentException(
              "[" + lo + ", " + hi + ") is not a node of the tree over " + partitions);
        }
      }
    }

    /** Whether every partition is in. */
    boolean complete() {
      return covered == partitions;
    }

    /** The total, once {@link #complete}. */
    PartitionResult total() {
      if (!complete()) {
        throw new IllegalStateException(covered + " of " + partitions + " partitions summed");
      }
      return waiting.get(key(0, partitions));
    }
  }
}
