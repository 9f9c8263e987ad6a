package org.descent.ml;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

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
 * (MLlib's GBT name and meaning; false and null rows train), else a seeded random {@code
 * validationFraction} of them, else none.
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
          "validation rows: a random {}% of the rows (seed {}); set validationIndicatorCol to"
              + " choose them, or validationFraction=0 to train on every row",
          validationFraction * 100, seed);
      return rows.randomSplit(new double[] {1 - validationFraction, validationFraction}, seed);
    }
    return new Dataset[] {rows, null};
  }
}
