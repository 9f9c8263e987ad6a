package org.descent.data;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.descent.nn.FeatureScaling;
import org.descent.ps.FlatConfig;
import org.descent.ps.InvalidConfigException;
import org.descent.ps.config.DataKeys;
import org.descent.ps.config.TrainKeys;

/**
 * Where the training data is and how to read, split and scale it. Built from the flat job
 * configuration by {@link #fromMap}; absent keys take their declared defaults ({@link DataKeys}).
 *
 * @param train data.train: path or URI of a file, directory or glob (required)
 * @param test data.test: optional separate test set read the same way ("" = none)
 * @param format data.format
 * @param labelColumns data.labelColumn: the label column, or comma-separated target columns for
 *     multi-output regression (csv, parquet)
 * @param featureColumns data.featureColumns: empty = every other column (csv) or the vector column
 *     {@code features} (parquet); else the listed numeric columns, or one vector/array column
 * @param onBadRecord data.onBadRecord
 * @param scaling data.scaling
 * @param scalingDivisor data.scalingDivisor (for {@code divide})
 * @param validationFraction data.validationFraction, in [0, 1)
 * @param testFraction data.testFraction: held out of data.train as the test set when data.test is
 *     empty, in [0, 1)
 * @param standardizeTargets data.standardizeTargets: fit a target standardisation (regression)
 * @param partitions train.partitions: 0 = the input's own splits (Spark's default)
 * @param seed train.seed: the split (and the repartitioning) depends only on it and the rows
 * @param sparse data.sparse: whether libsvm rows stay sparse (CSR) through training
 * @param labelsOptional whether csv/parquet input may lack the label column(s) (prediction input)
 * @param header data.header: whether csv files start with a header row (auto: when a cell of the
 *     first line is not a number)
 * @param keepColumns input columns that {@code descent predict --keep} passes through to its output
 *     (csv, parquet); {@link #KEEP_ALL} alone keeps every column; empty for training
 */
public record DataSettings(
    String train,
    String test,
    DataFormat format,
    List<String> labelColumns,
    List<String> featureColumns,
    OnBadRecord onBadRecord,
    FeatureScaling.Mode scaling,
    float scalingDivisor,
    double validationFraction,
    double testFraction,
    boolean standardizeTargets,
    int partitions,
    long seed,
    SparseInput sparse,
    boolean labelsOptional,
    Header header,
    List<String> keepColumns) {

  /** {@code keepColumns} of {@code descent predict --keep-all}: every input column. */
  public static final String KEEP_ALL = "*";

  /**
   * data.sparse=auto keeps libsvm rows sparse below this fraction of stored entries. At 100,000
   * features the sparse step is ≈ 13× faster at 0.1%, 3× at 1% and even at 3% (docs/sparse.md); 2%
   * leaves a margin for the machine and the network's width.
   */
  public static final double AUTO_SPARSE_DENSITY = 0.02;

  /** data.sparse: auto (libsvm below {@link #AUTO_SPARSE_DENSITY}), true or false. */
  public enum SparseInput {
    AUTO,
    TRUE,
    FALSE
  }

  /** data.header: csv files start with a header row (true), do not (false), or auto-detected. */
  public enum Header {
    AUTO,
    TRUE,
    FALSE
  }

  public DataSettings {
    labelColumns = List.copyOf(labelColumns);
    featureColumns = List.copyOf(featureColumns);
    keepColumns = List.copyOf(keepColumns);
    if (!keepColumns.isEmpty() && format != DataFormat.CSV && format != DataFormat.PARQUET) {
      throw new InvalidConfigException(
          "--keep",
          "--keep passes csv or parquet columns through; data.format="
              + format.configName()
              + " has no named columns");
    }
    if (labelColumns.isEmpty()) {
      throw new InvalidConfigException(
          DataKeys.LABEL_COLUMN.name(), "data.labelColumn must not be empty");
    }
    FlatConfig.checkRange(
        DataKeys.VALIDATION_FRACTION.name(),
        validationFraction,
        DataKeys.VALIDATION_FRACTION.range());
    FlatConfig.checkRange(
        DataKeys.TEST_FRACTION.name(), testFraction, DataKeys.TEST_FRACTION.range());
    if (partitions < 0) {
      throw new InvalidConfigException(
          TrainKeys.PARTITIONS.name(),
          "train.partitions=" + partitions + " must be 0 (auto) or positive");
    }
    if (sparse == SparseInput.TRUE && format != DataFormat.LIBSVM) {
      throw new InvalidConfigException(
          DataKeys.SPARSE.name(),
          "data.sparse=true needs data.format=libsvm (the only sparse input); set data.sparse=auto"
              + " or false");
    }
    if (sparse == SparseInput.TRUE && !scaling.keepsZeros()) {
      throw new InvalidConfigException(
          DataKeys.SCALING.name(),
          "data.scaling="
              + scaling.name().toLowerCase(Locale.ROOT)
              + " shifts every column, which would make sparse rows dense; with data.sparse=true"
              + " use data.scaling=maxabs, divide or none");
    }
  }

  /**
   * Whether the rows stay sparse, given the fraction of stored entries of the (libsvm) input:
   * always for data.sparse=true, never for false; for auto, libsvm input below {@link
   * #AUTO_SPARSE_DENSITY} whose data.scaling keeps zeros (standardize and minmax shift columns, so
   * auto keeps such input dense).
   */
  public boolean useSparse(double density) {
    return switch (sparse) {
      case TRUE -> true;
      case FALSE -> false;
      case AUTO ->
          format == DataFormat.LIBSVM && density < AUTO_SPARSE_DENSITY && scaling.keepsZeros();
    };
  }

  /** Reads the data keys (and train.partitions, train.seed); other keys are ignored. */
  public static DataSettings fromMap(Map<String, String> values) {
    FlatConfig c = FlatConfig.of(values);
    String train = DataKeys.TRAIN.read(c);
    if (train.isEmpty()) {
      throw new InvalidConfigException(
          DataKeys.TRAIN.name(),
          DataKeys.TRAIN + " is required: set it to a file, directory or URI");
    }
    String format = DataKeys.FORMAT.read(c);
    String onBad = DataKeys.ON_BAD_RECORD.read(c);
    FeatureScaling.Mode scaling;
    try {
      scaling = FeatureScaling.Mode.parse(DataKeys.SCALING.read(c));
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(
          DataKeys.SCALING.name(), DataKeys.SCALING + ": " + e.getMessage());
    }
    return new DataSettings(
        train,
        DataKeys.TEST.read(c),
        DataFormat.valueOf(format.toUpperCase(Locale.ROOT)),
        list(DataKeys.LABEL_COLUMN.read(c)),
        list(DataKeys.FEATURE_COLUMNS.read(c)),
        onBad.equals("skip") ? OnBadRecord.SKIP : OnBadRecord.FAIL,
        scaling,
        DataKeys.SCALING_DIVISOR.read(c).floatValue(),
        DataKeys.VALIDATION_FRACTION.read(c),
        DataKeys.TEST_FRACTION.read(c),
        DataKeys.STANDARDIZE_TARGETS.read(c),
        TrainKeys.PARTITIONS.read(c),
        TrainKeys.SEED.read(c),
        SparseInput.valueOf(DataKeys.SPARSE.read(c).toUpperCase(Locale.ROOT)),
        false,
        Header.valueOf(DataKeys.HEADER.read(c).toUpperCase(Locale.ROOT)),
        List.of());
  }

  /**
   * The same settings for data that may lack the label column(s) (csv, parquet), as {@code descent
   * predict} reads: rows without labels get target 0, which nothing uses.
   */
  public DataSettings withLabelsOptional() {
    return withPredictionInput(true, keepColumns);
  }

  /** The same settings, passing {@code columns} ({@link #KEEP_ALL}: every one) through. */
  public DataSettings withKeep(List<String> columns) {
    return withPredictionInput(labelsOptional, columns);
  }

  /**
   * These settings with the two that only {@code descent predict} changes (what {@link #fromMap}
   * reads stays as it is), checked again by the constructor.
   */
  private DataSettings withPredictionInput(boolean labelsOptional, List<String> keepColumns) {
    return new DataSettings(
        train,
        test,
        format,
        labelColumns,
        featureColumns,
        onBadRecord,
        scaling,
        scalingDivisor,
        validationFraction,
        testFraction,
        standardizeTargets,
        partitions,
        seed,
        sparse,
        labelsOptional,
        header,
        keepColumns);
  }

  /** Refuses {@code data.featureColumns} for a format without named columns (libsvm, idx). */
  void refuseFeatureColumns(String format) {
    if (!featureColumns.isEmpty()) {
      throw new InvalidConfigException(
          DataKeys.FEATURE_COLUMNS.name(),
          DataKeys.FEATURE_COLUMNS.name() + " applies to csv and parquet, not " + format);
    }
  }

  private static List<String> list(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
