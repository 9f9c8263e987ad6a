package org.descent.ps.config;

import java.util.List;
import org.descent.ps.FlatConfig.Range;

/**
 * The {@code data.*} keys: where the rows come from, how they are read, scaled and split. Declared
 * once here; {@link ConfigKeys} lists them in order.
 */
public final class DataKeys {
  private DataKeys() {}

  /** [0, 1): a share of the rows. */
  private static final Range FRACTION = new Range(0, false, 1, true);

  public static final ConfigKey<String> TRAIN =
      ConfigKey.text("data.train", "", "Training data: a path or URI. Required.");

  public static final ConfigKey<String> TEST =
      ConfigKey.text(
          "data.test",
          "",
          "Optional separate test set; without it data.testFraction of data.train"
              + " is held out.");

  public static final ConfigKey<String> FORMAT =
      ConfigKey.choice(
          "data.format",
          "csv",
          List.of("csv", "libsvm", "parquet", "idx"),
          "Input format: csv (RFC 4180: quoted fields may hold commas and doubled"
              + " quotes; see data.header), libsvm, parquet, idx (MNIST-style "
              + "image/label file pair, optionally .gz).");

  public static final ConfigKey<String> HEADER =
      ConfigKey.choice(
          "data.header",
          "auto",
          List.of("auto", "true", "false"),
          "csv: whether every file starts with a header row of column names: auto"
              + " (yes when a cell of the first line is not a number), true or false "
              + "(columns are then named _c0, _c1, ...).");

  public static final ConfigKey<String> LABEL_COLUMN =
      ConfigKey.text(
          "data.labelColumn",
          "label",
          "Name of the label (target) column (csv, parquet; _cN for column N of a"
              + " csv without header).");

  public static final ConfigKey<String> CLASS_NAMES =
      ConfigKey.text(
          "data.classNames",
          "",
          "Classifiers: the names of classes 0, 1, ... in order, comma-separated "
              + "(letters, digits, _ - .), e.g. setosa,versicolor,virginica; saved with"
              + " the model, so descent predict names its probability columns "
              + "probability_<name>. Empty = the class indices.");

  public static final ConfigKey<String> FEATURE_COLUMNS =
      ConfigKey.text(
          "data.featureColumns",
          "",
          "Feature columns, comma-separated (csv: default all but the label; "
              + "parquet: default the vector column \"features\").");

  public static final ConfigKey<String> ON_BAD_RECORD =
      ConfigKey.choice(
          "data.onBadRecord",
          "fail",
          List.of("fail", "skip"),
          "What a bad record (wrong width, non-numeric, non-finite or beyond "
              + "float range, label out of range) does: fail (stop, naming file and "
              + "line, or in spark.ml the row's position in its partition and the "
              + "column) or skip (count and report).");

  public static final ConfigKey<String> SCALING =
      ConfigKey.text(
          "data.scaling",
          "standardize",
          "Feature scaling fitted on the training rows: none, standardize, "
              + "minmax, divide, maxabs (divide each column by its largest |value|; "
              + "keeps zeros, so it suits sparse input).");

  public static final ConfigKey<Double> SCALING_DIVISOR =
      ConfigKey.number(
          "data.scalingDivisor",
          "255",
          Range.POSITIVE,
          "Divisor for data.scaling=divide (e.g. 255 for 8-bit pixels).");

  public static final ConfigKey<String> SPARSE =
      ConfigKey.choice(
          "data.sparse",
          "auto",
          List.of("auto", "true", "false"),
          "Keep sparse rows sparse (CSR; the first layer multiplies sparse × "
              + "dense): auto (libsvm input, or a spark.ml column of SparseVectors, "
              + "with under 2% stored entries and a data.scaling that keeps zeros: "
              + "none, divide or maxabs), true (libsvm or spark.ml only; standardize "
              + "and minmax are refused) or false (densify).");

  public static final ConfigKey<Double> VALIDATION_FRACTION =
      ConfigKey.number(
          "data.validationFraction",
          "0.1",
          FRACTION,
          "Fraction of the training rows held out for per-epoch validation; 0 = "
              + "no validation.");

  public static final ConfigKey<Double> TEST_FRACTION =
      ConfigKey.number(
          "data.testFraction",
          "0.2",
          FRACTION,
          "Fraction of data.train held out as the test set when data.test is "
              + "empty; 0 = no test set.");

  public static final ConfigKey<Boolean> STANDARDIZE_TARGETS =
      ConfigKey.flag(
          "data.standardizeTargets",
          true,
          "Regression only: standardise targets for training, report metrics in "
              + "original units.");

  /** Every key of this section, in the order of the defaults file. */
  static final List<ConfigKey<?>> ALL =
      List.of(
          TRAIN,
          TEST,
          FORMAT,
          HEADER,
          LABEL_COLUMN,
          CLASS_NAMES,
          FEATURE_COLUMNS,
          ON_BAD_RECORD,
          SCALING,
          SCALING_DIVISOR,
          SPARSE,
          VALIDATION_FRACTION,
          TEST_FRACTION,
          STANDARDIZE_TARGETS);
}
