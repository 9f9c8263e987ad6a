package org.descent.data;

import org.apache.spark.api.java.JavaRDD;

/**
 * What a reader produces: the records (lazy) and what the validation messages need to know.
 *
 * @param examples one record per row, with file and position
 * @param featureNames feature names for messages (csv or parquet columns), or null
 * @param lines whether positions are byte offsets of lines (reported as line numbers)
 * @param kept the columns each example carries through for {@code descent predict --keep} (name and
 *     type), or empty
 */
record Input(
    JavaRDD<Example> examples,
    String[] featureNames,
    boolean lines,
    java.util.List<org.apache.spark.sql.types.StructField> kept) {
  Input(JavaRDD<Example> examples, String[] featureNames, boolean lines) {
    this(examples, featureNames, lines, java.util.List.of());
  }
}
