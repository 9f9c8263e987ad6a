package org.descent.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * What a reader is given: the session, the configuration key that named the input (for messages),
 * the path or URI, the data settings, the network's shape and the Hadoop configuration that opens
 * the files.
 */
record InputSource(
    SparkSession spark,
    String key,
    String path,
    DataSettings settings,
    Shape shape,
    Configuration conf) {

  JavaSparkContext sc() {
    return JavaSparkContext.fromSparkContext(spark.sparkContext());
  }
}
