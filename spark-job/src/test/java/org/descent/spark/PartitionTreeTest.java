package org.descent.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one summation order of a step's partition results: whichever executor sums whichever nodes,
 * and in whatever order they arrive, the total has the same bits.
 */
class PartitionTreeTest {
  private static final int WIDTH = 257;

  private static PartitionResult[] results(int partitions, long seed) {
    Random r = new Random(seed);
    PartitionResult[] out = new PartitionResult[partitions];
    for (int p = 0; p < partitions; p++) {
      out[p] = new PartitionResult(WIDTH, 2).reset(p);
      float[] g = out[p].sum().gradient();
      for (int i = 0; i < WIDTH; i++) {
        // Magnitudes far apart, so that the order of additions shows in the bits.
        g[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(12) - 6));
      }
      out[p].sum().batchNormSums()[0] = r.nextGaussian();
      out[p].sum().addLoss(r.nextDouble(), 1 + r.nextInt(9), 1);
    }
    return out;
  }

  private static PartitionResult[] copies(PartitionResult[] rs) {
    PartitionResult[] c = new PartitionResult[rs.length];
    for (int i = 0; i < rs.length; i++) {
      c[i] = rs[i].copy();
    }
    return c;
  }

  @Test
  void smallTreesAreTheLeftToRightSum() {
    assertEquals(List.of(new PartitionTree.Node(0, 3)), PartitionTree.maximalNodes(3, all(3)));
    PartitionResult[] rs = results(3, 1);
    PartitionResult[] c = copies(rs);
    float[] expected = c[0].merge(c[1]).merge(c[2]).sum().gradient();
    assertArrayEquals(expected, PartitionTree.sum(rs).sum().gradient());
  }

  @Test
  void theSumForTheUpdateKeepsTheRootsAdditionApartWithTheSameBitsAndTotals() {
    for (int partitions : new int[] {1, 2, 3, 4, 5, 8}) {
      PartitionResult[] rs = results(partitions, 10 + partitions);
      PartitionResult whole = PartitionTree.sum(copies(rs));
      PartitionResult forUpdate = PartitionTree.sumForUpdate(rs);
      float[] own = forUpdate.sum().ownGradient();
      float[] addend = forUpdate.sum().gradientAddend();
      assertEquals(partitions > 1, addend != null, partitions + " partitions");
      float[] added = own.clone();
      for (int i = 0; addend != null && i < added.length; i++) {
        added[i] += addend[i];
      }
      assertArrayEquals(whole.sum().gradient(), added, partitions + " partitions");
      assertEquals(whole.sum().loss(), forUpdate.sum().loss());
      assertEquals(whole.sum().rows(), forUpdate.sum().rows());
      assertArrayEquals(whole.sum().batchNormSums(), forUpdate.sum().batchNormSums());
      assertArrayEquals(whole.sum().gradient(), forUpdate.sum().gradient(), "when read");
    }
  }

  @Test
  void anExecutorSendsTheLargestNodesItHostsWhole() {
    boolean[] hosted = new boolean[8];
    for (int p : new int[] {0, 1, 2, 3, 5, 7}) {
      hosted[p] = true;
    }
    assertEquals(
        List.of(
            new PartitionTree.Node(0, 4),
            new PartitionTree.Node(5, 6),
            new PartitionTree.Node(7, 8)),
        PartitionTree.maximalNodes(8, hosted));
    boolean[] odd = new boolean[5]; // the tree over 5: [0,3) = [0,2)+[2,3), [3,5)
    odd[3] = true;
    odd[4] = true;
    assertEquals(List.of(new PartitionTree.Node(3, 5)), PartitionTree.maximalNodes(5, odd));
  }

  @Test
  void anyPlacementAndArrivalOrderGivesTheSameBits() {
    Random r = new Random(3);
    for (int partitions : new int[] {1, 2, 5, 8, 13}) {
      PartitionResult[] rs = results(partitions, partitions);
      PartitionResult expected = PartitionTree.sum(copies(rs));
      for (int trial = 0; trial < 20; trial++) {
        // A random placement on up to 4 executors: each sums its maximal nodes, then the nodes
        // reach the driver in a random order.
        int executors = 1 + r.nextInt(4);
        int[] where = new int[partitions];
        for (int p = 0; p < partitions; p++) {
          where[p] = r.nextInt(executors);
        }
        PartitionResult[] c = copies(rs);
        List<Object[]> arriving = new ArrayList<>();
        for (int e = 0; e < executors; e++) {
          boolean[] hosted = new boolean[partitions];
          for (int p = 0; p < partitions; p++) {
            hosted[p] = where[p] == e;
          }
          for (PartitionTree.Node n : PartitionTree.maximalNodes(partitions, hosted)) {
            PartitionResult partial =
                PartitionTree.sum(n.lo(), n.hi(), (lo, hi) -> hi - lo == 1 ? c[lo] : null);
            arriving.add(new Object[] {n, partial});
          }
        }
        Collections.shuffle(arriving, r);
        PartitionTree.Accumulator acc = new PartitionTree.Accumulator(partitions);
        for (Object[] a : arriving) {
          PartitionTree.Node n = (PartitionTree.Node) a[0];
          acc.add(n.lo(), n.hi(), (PartitionResult) a[1]);
        }
        PartitionResult total = acc.total();
        assertArrayEquals(expected.sum().gradient(), total.sum().gradient(), "P=" + partitions);
        assertArrayEquals(expected.sum().batchNormSums(), total.sum().batchNormSums());
        assertEquals(expected.sum().loss(), total.sum().loss());
        assertEquals(expected.sum().rows(), total.sum().rows());
      }
    }
  }

  @Test
  void aMissingOrRepeatedPartitionIsAnError() {
    PartitionTree.Accumulator acc = new PartitionTree.Accumulator(4);
    PartitionResult[] rs = results(4, 9);
    acc.add(0, 1, rs[0]);
    assertThrows(IllegalStateException.class, acc::total);
    assertThrows(IllegalStateException.class, () -> acc.add(0, 1, rs[0]));
    assertThrows(IllegalArgumentException.class, () -> acc.add(1, 3, rs[1]));
  }

  private static boolean[] all(int n) {
    boolean[] b = new boolean[n];
    java.util.Arrays.fill(b, true);
    return b;
  }
}
