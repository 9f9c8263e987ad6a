package org.descent.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.storage.StorageLevel;
import org.descent.nn.FeatureScaling;
import org.descent.nn.SparseRows;
import org.descent.ps.train.DataBlock;
import scala.Tuple2;

/**
 * Validation and packing: records → one {@link PackedPartition} per partition → one scaled {@link
 * DataBlock} per partition and role. Sparse records (libsvm) are packed as CSR rows and become
 * either sparse blocks or, when the job does not use the sparse path, dense ones. Also the seeded
 * repartitioning and the distributed fit of the scaling statistics. Data errors are not thrown in
 * tasks: they travel back as a {@link PackVerdict}.
 */
final class Packing {
  private Packing() {}

  /**
   * Exactly {@code partitions} partitions, each row's partition and the order within it given by a
   * seeded hash of (file path relative to {@code root} ({@link RowSplit#keyOf}), position), so the
   * result does not depend on read order.
   */
  static JavaRDD<Example> repartition(JavaRDD<Example> in, int partitions, long seed, String root) {
    if (partitions <= 0 || partitions == in.getNumPartitions()) {
      return in;
    }
    long salt = seed ^ 0x5DEECE66DL;
    // Comparator.naturalOrder() is an enum constant: serialisable with the shuffle's ordering.
    Comparator<Long> order = Comparator.naturalOrder();
    return in.mapToPair(
            e ->
                new Tuple2<>(
                    RowSplit.hash(salt, RowSplit.keyOf(e.source(), root), e.position()), e))
        .repartitionAndSortWithinPartitions(new HashPartitioner(partitions), order)
        .values();
  }

  /** Validates every record and packs each partition; lazy, persisted MEMORY_AND_DISK. */
  static JavaRDD<PackedPartition> pack(JavaRDD<Example> in, RecordRules rules, RowSplit split) {
    FlatMapFunction<Iterator<Example>, PackedPartition> f =
        it -> List.of(packPartition(it, rules, split)).iterator();
    return in.mapPartitions(f, true).persist(StorageLevel.MEMORY_AND_DISK());
  }

  /**
   * Validates and packs one partition. Nothing about the data is thrown: refused records are
   * counted per reason and the first ones kept in the {@link PackVerdict} (under {@code
   * data.onBadRecord=fail} the rows after the first refusal are no longer packed, only counted),
   * and an unreadable input ends the partition with its message there.
   */
  static PackedPartition packPartition(Iterator<Example> it, RecordRules rules, RowSplit split) {
    int w = rules.width();
    int tw = rules.targetWidth();
    Floats features = new Floats();
    SparseRows sparse = null;
    Floats targets = new Floats();
    byte[] roles = new byte[64];
    int rows = 0;
    long[] counts = new long[PackedPartition.COUNTS];
    PackVerdict verdict = new PackVerdict();
    boolean refused = false;
    StringBuilder detail = new StringBuilder();
    List<Object[]> kept = null; // predict --keep: the passed-through values of each packed row
    while (it.hasNext()) {
      Example e = it.next();
      if (e.isUnreadable()) {
        verdict.unreadable(e.detail());
        break;
      }
      detail.setLength(0);
      BadRecordReason why = rules.check(e, detail);
      if (why != null) {
        counts[PackedPartition.SKIPPED + why.ordinal()]++;
        if (!rules.skip()) {
          refused = true;
          if (verdict.wouldKeep(e.source(), e.position())) {
            verdict.add(
                new BadRecord(
                    e.source(), e.position(), why, rules.error(e, why, detail).getMessage()));
          }
        }
        continue;
      }
      if (refused) {
        continue; // the run fails anyway: count, do not pack
      }
      byte role = split.roleOf(e.source(), e.position());
      if (rows == roles.length) {
        roles = Arrays.copyOf(roles, rows * 2);
      }
      if (e.isSparse() != (sparse != null) && rows > 0) {
        throw new IllegalStateException("a partition mixes sparse and dense records");
      }
      if (e.kept() != null) {
        if (kept == null) {
          kept = new ArrayList<>();
        }
        kept.add(e.kept());
      }
      roles[rows++] = role;
      counts[role]++;
      if (e.isSparse()) {
        if (sparse == null) {
          sparse = new SparseRows(w, 64, 1024);
        }
        int[] columns = e.sparseColumns();
        sparse.addRow(columns, e.sparseValues(), 0, columns.length);
      } else {
        features.add(e.features());
      }
      targets.add(e.targets());
    }
    DataBlock block =
        sparse != null
            ? new DataBlock(sparse.trimmed(), targets.trimmed(), tw)
            : new DataBlock(features.trimmed(), targets.trimmed(), rows, w, tw);
    counts[PackedPartition.NON_ZEROS] = BlockScaling.storedEntries(block);
    return new PackedPartition(
        block,
        Arrays.copyOf(roles, rows),
        counts,
        verdict,
        kept == null ? null : kept.toArray(Object[][]::new));
  }

  /**
   * Runs the packing job and sums the partitions' counts (rows per role, skipped per reason) and
   * merges their verdicts: what {@code packed} found wrong arrives as data.
   */
  static Summary counts(JavaRDD<PackedPartition> packed) {
    return run(
        () ->
            packed.aggregate(
                new Summary(new long[PackedPartition.COUNTS], new PackVerdict()),
                (acc, p) ->
                    new Summary(add(acc.counts(), p.counts()), acc.verdict().merge(p.verdict())),
                (a, b) ->
                    new Summary(add(a.counts(), b.counts()), a.verdict().merge(b.verdict()))));
  }

  /**
   * The packing job's totals. Kryo ships it with Java serialisation ({@link DataKryoClasses}): one
   * per partition.
   */
  record Summary(long[] counts, PackVerdict verdict) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** Adds {@code x} into {@code acc}, element by element; returns {@code acc}. */
  static long[] add(long[] acc, long[] x) {
    for (int i = 0; i < acc.length; i++) {
      acc[i] += x[i];
    }
    return acc;
  }

  /**
   * Column statistics of the training rows' features (index 0) and targets (index 1), fitted per
   * partition and merged in partition order ({@link InPartitionOrder}: the same bits every run).
   */
  static FeatureScaling.Statistics[] trainStatistics(
      JavaRDD<PackedPartition> packed, int w, int tw) {
    return run(
        () ->
            InPartitionOrder.merge(
                packed.map(
                    p -> {
                      int[] rows = p.rowsOf(RowSplit.TRAIN);
                      return new FeatureScaling.Statistics[] {
                        BlockScaling.addFeatures(new FeatureScaling.Statistics(w), p.block(), rows),
                        BlockScaling.addTargets(new FeatureScaling.Statistics(tw), p.block(), rows)
                      };
                    }),
                (a, b) -> {
                  a[0].merge(b[0]);
                  a[1].merge(b[1]);
                  return a;
                }));
  }

  /**
   * The rows of {@code role}, scaled, one block per partition, persisted MEMORY_AND_DISK and
   * materialised; sparse blocks stay sparse when {@code keepSparse}, else they are densified.
   */
  static JavaRDD<DataBlock> select(
      JavaRDD<PackedPartition> packed, byte role, FeatureScaling scaling, boolean keepSparse) {
    JavaRDD<DataBlock> out =
        packed
            .map(p -> selectRows(p, role, scaling, keepSparse))
            .persist(StorageLevel.MEMORY_AND_DISK());
    run(out::count);
    return out;
  }

  /**
   * The rows of {@code role}, scaled; sparse rows stay sparse when {@code keepSparse}, dense rows
   * stay dense.
   */
  static DataBlock selectRows(
      PackedPartition p, byte role, FeatureScaling scaling, boolean keepSparse) {
    DataBlock b = p.block();
    return BlockScaling.scaledRows(b, p.rowsOf(role), scaling, b.isSparse() && keepSparse);
  }

  /**
   * Runs a Spark action; a {@link DataException} thrown in a task comes back as the same one-line
   * exception instead of Spark's job-failure wrapping.
   */
  static <T> T run(Supplier<T> action) {
    try {
      return action.get();
    } catch (Exception e) { // Spark throws its (checked) SparkException undeclared
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof DataException d) {
          throw d.copy();
        }
      }
      throw e;
    }
  }

  /** A growable float array. */
  private static final class Floats {
    private float[] a = new float[256];
    private int n;

    void add(float[] x) {
      if (n + x.length > a.length) {
        a = Arrays.copyOf(a, Math.max(a.length * 2, n + x.length));
      }
      System.arraycopy(x, 0, a, n, x.length);
      n += x.length;
    }

    float[] trimmed() {
      return a.length == n ? a : Arrays.copyOf(a, n);
    }
  }
}
