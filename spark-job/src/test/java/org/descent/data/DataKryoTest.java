package org.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.descent.nn.FeatureScaling;
import org.descent.ps.train.DataBlock;
import org.descent.spark.DescentKryoRegistrator;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/** What the data pipeline ships or caches survives Kryo with registrationRequired=true. */
class DataKryoTest {
  private static final SerializerInstance KRYO =
      new KryoSerializer(
              new SparkConf()
                  .set("spark.kryo.registrationRequired", "true")
                  .set("spark.kryo.registrator", DescentKryoRegistrator.class.getName()))
          .newInstance();

  private static <T> T roundTrip(T value, Class<T> type) {
    ClassTag<T> tag = ClassTag$.MODULE$.apply(type);
    return KRYO.deserialize(KRYO.serialize(value, tag), tag);
  }

  @Test
  void aDataBlockRoundTrips() {
    DataBlock b = new DataBlock(new float[] {1, 2, 3, 4, 5, 6}, new float[] {0, 2}, 2, 3, 1);
    DataBlock c = roundTrip(b, DataBlock.class);
    assertEquals(2, c.rows());
    assertEquals(3, c.width());
    assertEquals(1, c.targetWidth());
    assertArrayEquals(b.features(), c.features());
    assertArrayEquals(b.targets(), c.targets());
  }

  @Test
  void aPackedPartitionRoundTrips() {
    DataBlock b = new DataBlock(new float[] {1, 2}, new float[] {1, 0}, 2, 1, 1);
    long[] counts = new long[PackedPartition.COUNTS];
    counts[PackedPartition.SKIPPED] = 3;
    PackedPartition p =
        new PackedPartition(
            b, new byte[] {RowSplit.TRAIN, RowSplit.TEST}, counts, new PackVerdict(), null);
    PackedPartition q = roundTrip(p, PackedPartition.class);
    assertArrayEquals(p.roles(), q.roles());
    assertArrayEquals(p.counts(), q.counts());
    assertArrayEquals(b.features(), q.block().features());
  }

  @Test
  void refusedRecordsRoundTripInTheirVerdict() {
    // BadRecord is a record: Kryo ships it with Java serialisation, inside a PackVerdict's array.
    PackVerdict v = new PackVerdict();
    v.add(new BadRecord("f", 9, BadRecordReason.MISSING_VALUE, "f:2: x is empty"));
    v.add(new BadRecord("f", 3, BadRecordReason.MALFORMED, "f:1: x is 'a'"));
    PackVerdict w = roundTrip(v, PackVerdict.class);
    assertEquals(v.first().size(), w.first().size());
    for (int i = 0; i < v.first().size(); i++) {
      BadRecord a = v.first().get(i);
      BadRecord b = w.first().get(i);
      assertEquals(
          List.of(a.source(), a.position(), a.reason(), a.message()),
          List.of(b.source(), b.position(), b.reason(), b.message()));
    }
    assertEquals(3, w.first().get(0).position());
  }

  @Test
  void aPackingSummaryRoundTrips() {
    // A record too, shipped with Java serialisation: the packing job's per-partition totals.
    long[] counts = new long[PackedPartition.COUNTS];
    counts[RowSplit.TRAIN] = 5;
    counts[PackedPartition.SKIPPED] = 2;
    PackVerdict v = new PackVerdict();
    v.add(new BadRecord("f", 4, BadRecordReason.MALFORMED, "f:3: too many fields"));
    v.unreadable("g: cannot read it");
    Packing.Summary s = roundTrip(new Packing.Summary(counts, v), Packing.Summary.class);
    assertArrayEquals(counts, s.counts());
    assertEquals("f:3: too many fields", s.verdict().first().get(0).message());
    assertEquals("g: cannot read it", s.verdict().unreadable());
  }

  @Test
  void goodAndBadExamplesRoundTrip() {
    Example good = Example.of("hdfs://nn/d.csv", 17, new float[] {1, 2}, new float[] {1});
    Example g = roundTrip(good, Example.class);
    assertEquals("hdfs://nn/d.csv", g.source());
    assertEquals(17, g.position());
    assertArrayEquals(good.features(), g.features());
    Example bad = Example.bad("f", 3, BadRecordReason.MISSING_VALUE, "x is empty");
    Example h = roundTrip(bad, Example.class);
    assertEquals(BadRecordReason.MISSING_VALUE, h.problem());
    assertEquals("x is empty", h.detail());
  }

  @Test
  void keptColumnValuesRoundTripWithTheirTypes() {
    // predict --keep: examples are shuffled when repartitioning, blocks cached MEMORY_AND_DISK
    Object[] values = {"id-7", 7L, 2.5, true, null};
    Example e =
        roundTrip(
            Example.of("f", 1, new float[] {1}, new float[] {0}).keeping(values), Example.class);
    assertArrayEquals(values, e.kept());
    DataBlock b = new DataBlock(new float[] {1}, new float[] {0}, 1, 1, 1);
    PredictionBlock p =
        roundTrip(new PredictionBlock(b, new Object[][] {values}), PredictionBlock.class);
    assertArrayEquals(values, p.kept()[0]);
    PackedPartition q =
        roundTrip(
            new PackedPartition(
                b,
                new byte[] {RowSplit.TEST},
                new long[PackedPartition.COUNTS],
                new PackVerdict(),
                new Object[][] {values}),
            PackedPartition.class);
    assertArrayEquals(values, q.kept()[0]);
  }

  @Test
  void scalingStatisticsRoundTripAndStillFit() {
    FeatureScaling.Statistics s = new FeatureScaling.Statistics(2);
    s.add(new float[] {1, 10, 3, 30}, 0, 2);
    FeatureScaling.Statistics[] t =
        roundTrip(new FeatureScaling.Statistics[] {s}, FeatureScaling.Statistics[].class);
    FeatureScaling a = FeatureScaling.fit(FeatureScaling.Mode.STANDARDIZE, s, 1);
    FeatureScaling b = FeatureScaling.fit(FeatureScaling.Mode.STANDARDIZE, t[0], 1);
    assertArrayEquals(a.shift(), b.shift());
    assertArrayEquals(a.factor(), b.factor());
  }
}
