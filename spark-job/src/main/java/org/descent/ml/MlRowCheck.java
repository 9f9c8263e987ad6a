package org.descent.ml;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.spark_partition_id;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.descent.data.DataException;

/**
 * Checks the rows {@code fit} is given before they are packed, as a query whose verdict (how many
 * rows are unusable, and the first one's position, reason and values) comes back to the driver as
 * data: a bad row never fails a Spark task, so Spark neither logs an executor error nor retries.
 * Under {@code onBadRecord=fail} (the default) {@code fit} throws one {@link DataException} naming
 * the row (its position in its partition), the column and what to do; under {@code skip} the bad
 * rows are left out and counted, as the command line's {@code data.onBadRecord=skip} does.
 *
 * <p>A row is bad when its features, label or weight is null; a feature, the label or the weight is
 * NaN, ±Inf or beyond float's range (training is in float32, where such a value would become ±Inf);
 * its vector's size differs from the first row's; or, for a classifier, its label is not a whole
 * number ≥ 0. Feature vectors are checked by their stored entries: a sparse vector is never
 * densified.
 */
final class MlRowCheck {
  private static final Logger LOG = LogManager.getLogger(MlRowCheck.class);

  /** Bits of {@code monotonically_increasing_id} that hold the row's position in its partition. */
  private static final long POSITION_BITS = (1L << 33) - 1;

  private MlRowCheck() {}

  /** The rows to train on and how many were skipped (0 unless {@code skip}). */
  record Checked(Dataset<Row> rows, long skipped) {}

  /**
   * @param rows (features, label as double[, weight as double][, validation mark]) as {@code fit}
   *     selected them
   * @param width the features' size (of the first row), or -1 when unknown
   * @param skip leave bad rows out (and count them) instead of failing
   */
  static Checked check(
      Dataset<Row> rows,
      String featuresCol,
      String labelCol,
      String weightCol,
      int width,
      boolean classification,
      boolean skip) {
    String[] names = rows.columns();
    Column why =
        why(
            col(quote(names[0])),
            col(quote(names[1])),
            weightCol == null ? null : col(quote(names[2])),
            featuresCol,
            labelCol,
            weightCol,
            width,
            classification);
    Dataset<Row> bad =
        rows.select(
                why.as("why"),
                spark_partition_id().as("partition"),
                monotonically_increasing_id().as("id"))
            .filter(col("why").isNotNull());
    if (skip) {
      long count = bad.count();
      if (count == 0) {
        return new Checked(rows, 0);
      }
      LOG.warn(
          "fit: skipping {} unusable {} (onBadRecord=skip); the first: {}",
          count,
          count == 1 ? "row" : "rows",
          describe(bad.limit(1).collectAsList().get(0)));
      return new Checked(rows.filter(why.isNull()), count);
    }
    List<Row> first = bad.limit(1).collectAsList();
    if (first.isEmpty()) {
      return new Checked(rows, 0);
    }
    long count = bad.count();
    throw new DataException(
        "fit: "
            + count
            + (count == 1 ? " row" : " rows")
            + " of the DataFrame cannot be used; the first: "
            + describe(first.get(0))
            + " (filter or fix such rows before fit, or setOnBadRecord(\"skip\") to leave them"
            + " out and count them)");
  }

  private static String describe(Row r) {
    long position = r.getLong(2) & POSITION_BITS;
    return "row " + position + " of partition " + r.getInt(1) + ": " + r.getString(0);
  }

  /**
   * The rows of {@code dataset} that {@link #check} keeps (all of them but those a fit with {@code
   * onBadRecord=skip} left out), as its columns hold them: what the training summary is computed
   * on.
   */
  static Dataset<Row> usable(
      Dataset<?> dataset,
      String featuresCol,
      String labelCol,
      String weightCol,
      int width,
      boolean classification) {
    Column why =
        why(
            col(quote(featuresCol)),
            col(quote(labelCol)).cast("double"),
            weightCol == null ? null : col(quote(weightCol)).cast("double"),
            featuresCol,
            labelCol,
            weightCol,
            width,
            classification);
    return dataset.toDF().filter(why.isNull());
  }

  /** Why a row cannot be used, or null: {@code f}, {@code y}, {@code w} as fit reads them. */
  private static Column why(
      Column f,
      Column y,
      Column w,
      String featuresCol,
      String labelCol,
      String weightCol,
      int width,
      boolean classification) {
    UserDefinedFunction features =
        org.apache.spark.sql.functions.udf(
            (UDF1<Vector, String>) v -> featureProblem(v, width, featuresCol),
            DataTypes.StringType);
    Column why =
        when(f.isNull(), lit("features column '" + featuresCol + "' is null"))
            .when(y.isNull(), lit("label column '" + labelCol + "' is null"))
            .when(
                isnan(y).or(abs(y).gt(Float.MAX_VALUE)),
                concat(
                    lit("label column '" + labelCol + "' holds "),
                    y.cast("string"),
                    lit(", which is not a finite float")));
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
    if (w != null) {
      why =
          why.when(
              w.isNull().or(isnan(w)).or(w.lt(0)).or(w.gt(Float.MAX_VALUE)),
              concat(
                  lit("weight column '" + weightCol + "' holds "),
                  when(w.isNull(), lit("null")).otherwise(w.cast("string")),
                  lit("; weights must be finite numbers ≥ 0")));
    }
    Column fp = features.apply(f);
    return why.when(fp.isNotNull(), fp);
  }

  /**
   * What is wrong with a features vector, or null: its size, or its first stored value that is NaN,
   * ±Inf or beyond float's range (a sparse vector's stored entries only).
   */
  static String featureProblem(Vector v, int width, String featuresCol) {
    if (v == null) {
      return null;
    }
    if (width >= 0 && v.size() != width) {
      return "features vector of size " + v.size() + " where the first row has " + width;
    }
    if (v instanceof SparseVector s) {
      int[] indices = s.indices();
      double[] values = s.values();
      for (int k = 0; k < values.length; k++) {
        String p = valueProblem(values[k], indices[k], featuresCol);
        if (p != null) {
          return p;
        }
      }
    } else {
      double[] values = ((DenseVector) v).values();
      for (int i = 0; i < values.length; i++) {
        String p = valueProblem(values[i], i, featuresCol);
        if (p != null) {
          return p;
        }
      }
    }
    return null;
  }

  private static String valueProblem(double x, int index, String featuresCol) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return "features column '" + featuresCol + "' holds " + x + " at index " + index;
    }
    if (Math.abs(x) > Float.MAX_VALUE) {
      return "features column '"
          + featuresCol
          + "' holds "
          + x
          + " at index "
          + index
          + ", beyond float's range (±3.4e38; training is in float32)";
    }
    return null;
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
