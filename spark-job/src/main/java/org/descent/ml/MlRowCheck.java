package org.descent.ml;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.descent.data.DataException;

/**
 * Checks the rows {@code fit} is given before they are packed, as a query whose verdict (how many
 * rows are unusable, and the first one's reason and values) comes back to the driver as data: a bad
 * row never fails a Spark task, so Spark neither logs an executor error nor retries, and {@code
 * fit} throws one {@link DataException} naming the column and what to do.
 */
final class MlRowCheck {
  private MlRowCheck() {}

  /**
   * @param rows (features, label as double[, weight as double]) as {@code fit} selected them
   * @param width the features' size (of the first row), or -1 when unknown
   */
  static void check(
      Dataset<Row> rows,
      String featuresCol,
      String labelCol,
      String weightCol,
      int width,
      boolean classification) {
    String[] names = rows.columns();
    Column f = col(quote(names[0]));
    Column y = col(quote(names[1]));
    Column why =
        when(f.isNull(), lit("features column '" + featuresCol + "' is null"))
            .when(y.isNull(), lit("label column '" + labelCol + "' is null"))
            .when(
                isnan(y).or(abs(y).equalTo(Double.POSITIVE_INFINITY)),
                concat(lit("label column '" + labelCol + "' holds "), y.cast("string")));
    if (width >= 0) {
      why =
          why.when(
              size(functions.vector_to_array(f, "float64")).notEqual(width),
              concat(
                  lit("features vector of size "),
                  size(functions.vector_to_array(f, "float64")).cast("string"),
                  lit(" where the first row has " + width)));
    }
    if (classification) {
      why =
          why.when(
              y.lt(0).or(y.notEqual(floor(y))),
              concat(
                  lit("label column '" + labelCol + "' holds "),
                  y.cast("string"),
                  lit(
                      ": classifier labels must be whole numbers 0, 1, … (index them with"
                          + " StringIndexer, or use DescentRegressor)")));
    }
    if (weightCol != null) {
      Column w = col(quote(names[2]));
      why =
          why.when(
              w.isNull().or(isnan(w)).or(w.lt(0)).or(abs(w).equalTo(Double.POSITIVE_INFINITY)),
              concat(
                  lit("weight column '" + weightCol + "' holds "),
                  when(w.isNull(), lit("null")).otherwise(w.cast("string")),
                  lit("; weights must be finite numbers ≥ 0")));
    }
    Dataset<Row> bad = rows.select(why.as("why")).filter(col("why").isNotNull());
    List<Row> first = bad.limit(1).collectAsList();
    if (first.isEmpty()) {
      return;
    }
    long count = bad.count();
    throw new DataException(
        "fit: "
            + count
            + (count == 1 ? " row" : " rows")
            + " of the DataFrame cannot be used; the first: "
            + first.get(0).getString(0)
            + " (filter or fix such rows before fit)");
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
