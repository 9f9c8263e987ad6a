package org.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.descent.spark.DescentKryoRegistrator;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The split and shuffle keys come from each file's whole path, so two files of one name in
 * different folders (partitioned Spark output: {@code a/part-00000.csv}, {@code b/part-00000.csv})
 * never tie, and the packed order does not depend on the order the files arrive in.
 */
class SplitKeysTest {
  @RegisterExtension
  static final LocalSpark SPARK =
      LocalSpark.withCores(2).withKryo(DescentKryoRegistrator.class.getName());

  private static final String A = "file:/data/run/a/part-00000.csv";
  private static final String B = "file:/data/run/b/part-00000.csv";
  private static final int ROWS = 40;

  /** ROWS rows of {@code file}: feature = marker + row, so every row is recognisable. */
  private static List<Example> rows(String file, float marker) {
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      out.add(Example.of(file, 100L * i, new float[] {marker + i}, new float[] {i % 2}));
    }
    return out;
  }

  /** Per partition, the features in packed order. */
  private static List<List<Float>> packedOrder(List<Example> first, List<Example> second) {
    List<Example> all = new ArrayList<>(first);
    all.addAll(second);
    JavaRDD<Example> in =
        JavaSparkContext.fromSparkContext(SPARK.session().sparkContext()).parallelize(all, 2);
    // One float[] per partition (Kryo registration holds float[], not lists).
    return Packing.repartition(in, 3, 42, "")
        .mapPartitions(
            it -> {
              List<Example> p = new ArrayList<>();
              it.forEachRemaining(p::add);
              float[] x = new float[p.size()];
              for (int i = 0; i < x.length; i++) {
                x[i] = p.get(i).features()[0];
              }
              return List.of(x).iterator();
            })
        .collect()
        .stream()
        .map(x -> IntStream.range(0, x.length).mapToObj(i -> x[i]).toList())
        .toList();
  }

  @Test
  void sameNamedFilesInDifferentFoldersPackInTheSameOrderWhicheverArrivesFirst() {
    List<Example> a = rows(A, 1000);
    List<Example> b = rows(B, 2000);
    List<List<Float>> ab = packedOrder(a, b);
    List<List<Float>> ba = packedOrder(b, a);
    assertEquals(2 * ROWS, ab.stream().mapToInt(List::size).sum());
    assertEquals(ab, ba, "packed order (and so the model) depends on arrival order");
  }

  @Test
  void sameNamedFilesInDifferentFoldersGetDifferentKeysAndSplits() {
    assertNotEquals(RowSplit.hash(7, A, 0), RowSplit.hash(7, B, 0));
    RowSplit split = new RowSplit(7, 0.3, 0.2);
    int same = 0;
    for (int i = 0; i < 200; i++) {
      if (split.roleOf(A, 100L * i) == split.roleOf(B, 100L * i)) {
        same++;
      }
    }
    // Identical keys would give 200 of 200; independent ones about 0.3² + 0.14² + 0.56² ≈ 43%.
    assertEquals(0.43, same / 200.0, 0.15);
  }

  @Test
  void theKeyIsThePathWhateverTheFileSystemsAddress() {
    assertEquals("/d/a/x.csv", RowSplit.pathOf("hdfs://nn:8020/d/a/x.csv"));
    assertEquals("/d/a/x.csv", RowSplit.pathOf("hdfs:///d/a/x.csv"));
    assertEquals("/d/a/x.csv", RowSplit.pathOf("file:/d/a/x.csv"));
    assertEquals("/d/a/x.csv", RowSplit.pathOf("file:///d/a/x.csv"));
    assertEquals("/d/a/x.csv", RowSplit.pathOf("/d/a/x.csv"));
    assertEquals(
        RowSplit.hash(1, "hdfs://nn:8020/d/a/x.csv", 5), RowSplit.hash(1, "file:/d/a/x.csv", 5));
  }

  @Test
  void keysAreRelativeToTheFolderThatHoldsTheInputSoAMovedDatasetSplitsAlike() {
    String here =
        RowSplit.rootOf(
            List.of("file:/home/u/data/a/part-00000.csv", "file:/home/u/data/b/part-00000.csv"));
    String there =
        RowSplit.rootOf(
            List.of(
                "hdfs://nn:8020/warehouse/t/a/part-00000.csv",
                "hdfs://nn:8020/warehouse/t/b/part-00000.csv"));
    assertEquals("/home/u/data", here);
    assertEquals("/warehouse/t", there);
    assertEquals("a/part-00000.csv", RowSplit.keyOf("file:/home/u/data/a/part-00000.csv", here));
    assertEquals(
        RowSplit.keyOf("file:/home/u/data/b/part-00000.csv", here),
        RowSplit.keyOf("hdfs://nn:8020/warehouse/t/b/part-00000.csv", there));
    RowSplit split = new RowSplit(7, 0.2, 0.1);
    for (long row = 0; row < 200; row++) {
      assertEquals(
          split.under(here).roleOf("file:/home/u/data/a/part-00000.csv", row),
          split.under(there).roleOf("hdfs://nn:8020/warehouse/t/a/part-00000.csv", row));
    }
    // One file: its folder is the root, and the key is its name.
    assertEquals("/d/x", RowSplit.rootOf(List.of("file:/d/x/digits.csv.gz")));
    assertEquals("digits.csv.gz", RowSplit.keyOf("file:/d/x/digits.csv.gz", "/d/x"));
    assertEquals("/d", RowSplit.rootOf(List.of("/d/x/1.csv", "/d/y/z/2.csv")));
  }
}
