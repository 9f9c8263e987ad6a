package org.descent.spark;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The in-memory hand-over of step results is assumed only where it happens: local mode with
 * Descent's Kryo registrator. Without it results are serialised, so a sum that would not fit
 * spark.driver.maxResultSize in one stage goes through tree levels, as on a cluster.
 */
class HandOverDecisionTest {
  @RegisterExtension static final LocalSpark SPARK = LocalSpark.withCores(2); // Java serialiser

  @Test
  void withoutDescentsRegistratorResultsAreNotHandedOver() {
    SparkContext sc = SPARK.session().sparkContext();
    assertFalse(LocalHandOver.applies(sc.getConf()));
    // 16 results of 100 MB: more than half of the default 1g maxResultSize in one stage.
    assertFalse(new OrderedTreeReduce(sc, 16, 2, 100L << 20).oneStage());
    assertTrue(new OrderedTreeReduce(sc, 16, 2, 1L << 20).oneStage(), "small results fit");
  }

  @Test
  void withDescentsRegistratorInLocalModeTheyAre() {
    SparkConf kryo =
        SPARK
            .session()
            .sparkContext()
            .getConf()
            .clone()
            .set("spark.serializer", org.apache.spark.serializer.KryoSerializer.class.getName())
            .set("spark.kryo.registrator", "x.Other, " + DescentKryoRegistrator.class.getName());
    assertTrue(LocalHandOver.applies(kryo));
  }
}
