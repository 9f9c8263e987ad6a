package org.descent.ml;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.shiftrightunsigned;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.descent.ps.InvalidConfigException;

/**
 * Which rows of a fit's DataFrame validate: those whose {@code validationIndicatorCol} is true
 * (MLlib's GBT name and meaning; false and null rows train), else a {@code validationFraction} of
 * them chosen by a seeded hash of each row's features and label, else none.
 *
 * <p>By a hash, as the command line chooses its rows (by a hash of the seed, file and position,
 * {@code data.RowSplit}), and not by {@code randomSplit}: a row's side then depends only on the
 * seed and the row, not on how the DataFrame is partitioned or ordered (randomSplit samples each
 * partition in turn, so a repartitioned DataFrame validates on other rows). A DataFrame row has no
 * file and position, so its features and label are the key; identical rows land on the same side,
 * which keeps a duplicated row from validating on itself.
 */
final class ValidationRows {
  private static final Logger LOG = LogManager.getLogger(ValidationRows.class);

  /** The indicator's name among the selected columns (after features, label and weight). */
  static final String MARK = "__descent_validation_row";

  private ValidationRows() {}

  /**
   * The column to append to the selected ones, true for a validation row; null without {@code
   * validationIndicatorCol}. A missing or non-boolean column is an error naming it.
   */
  static Column mark(DescentParams<?> params, StructType schema) {
    String indicator = params.getValidationIndicatorCol();
    if (indicator == null) {
      return null;
    }
    StructField field;
    try {
      field = schema.apply(indicator);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(
          "validationIndicatorCol",
          "validationIndicatorCol '"
              + indicator
              + "' is not a column of the DataFrame (its columns: "
              + String.join(", ", schema.fieldNames())
              + ")");
    }
    if (!field.dataType().equals(DataTypes.BooleanType)) {
      throw new InvalidConfigException(
          "validationIndicatorCol",
          "validationIndicatorCol '"
              + indicator
              + "' is a "
              + field.dataType().simpleString()
              + " column; it must be boolean (true = a validation row), e.g."
              + " withColumn(\""
              + indicator
              + "\", col(\""
              + indicator
              + "\").cast(\"boolean\"))");
    }
    return coalesce(col(indicator), lit(false)).as(MARK);
  }

  /**
   * {@code rows} (with the {@link #MARK} column when {@code marked}) as {training, validation};
   * validation is null when no rows validate.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Dataset<Row>[] split(
      Dataset<Row> rows, boolean marked, double validationFraction, long seed) {
    if (marked) {
      Dataset<Row> train = rows.filter(not(col(MARK))).drop(MARK);
      Dataset<Row> validation = rows.filter(col(MARK)).drop(MARK);
      if (validation.isEmpty()) {
        throw new InvalidConfigException(
            "validationIndicatorCol",
            "validationIndicatorCol marks no row true: no row to validate on (unset it to train"
                + " on every row with validationFraction=0)");
      }
      if (train.isEmpty()) {
        throw new InvalidConfigException(
            "validationIndicatorCol",
            "validationIndicatorCol marks every row true: no row left to train on");
      }
      LOG.info("validation rows: those whose validationIndicatorCol is true");
      return new Dataset[] {train, validation};
    }
    if (validationFraction > 0) {
      LOG.info(
          "validation rows: {}% of the rows by a hash of their features and label (seed {}); set"
              + " validationIndicatorCol to choose them, or validationFraction=0 to train on"
              + " every row",
          validationFraction * 100, seed);
      Column validates = byHash(rows, validationFraction, seed);
      return new Dataset[] {rows.filter(not(validates)), rows.filter(validates)};
    }
    return new Dataset[] {rows, null};
  }

  /**
   * True for a validation row: the 64-bit hash of (seed, features, label) as a uniform number u in
   * [0, 1), its top 53 bits as RowSplit takes them, below {@code fraction}. Not the weight: a
   * weight column must not move rows between the sides (all-ones weights train the unweighted model
   * exactly).
   */
  static Column byHash(Dataset<Row> rows, double fraction, long seed) {
    String[] columns = rows.columns(); // features, label, then the weight if any
    Column h = xxhash64(lit(seed), rows.col(columns[0]), rows.col(columns[1]));
    return shiftrightunsigned(h, 11).cast("double").multiply(0x1.0p-53).lt(fraction);
  }
}
