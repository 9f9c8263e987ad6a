package org.descent.data;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.descent.nn.FeatureScaling;
import org.descent.nn.NetworkSpec;
import org.descent.ps.InvalidConfigException;
import org.descent.ps.config.DataKeys;
import org.descent.ps.train.DataBlock;

/**
 * The training, validation and test data of a job, packed: one float32 {@link DataBlock} per
 * partition, persisted MEMORY_AND_DISK, features already scaled by {@link #scaling()} (targets are
 * not scaled; {@link #targetScaling()} is for the trainer to apply). Libsvm input is packed sparse
 * and its blocks stay sparse when {@link DataSettings#useSparse} says so ({@link #sparse()}). Built
 * by {@link #load}.
 *
 * @param train training rows, one scaled block per partition; persisted MEMORY_AND_DISK
 * @param validation validation rows like {@code train}, or null when there are none
 * @param test test rows (data.test, or held out of data.train) like {@code train}, or null
 * @param scaling the feature scaling fitted on the training rows and already applied to every block
 * @param targetScaling regression with data.standardizeTargets: the target standardisation fitted
 *     on the training rows, <em>not</em> applied to the blocks; otherwise the identity
 * @param skipped records skipped under data.onBadRecord=skip (train and test input together)
 * @param sparse whether the blocks hold sparse rows (libsvm input under {@link
 *     DataSettings#useSparse})
 * @param density fraction of stored feature entries of libsvm input (train and test together); 1
 *     otherwise
 * @param sparseNote for libsvm input, one line on the density and the path taken (sparse or not);
 *     else null
 */
public record TrainingData(
    JavaRDD<DataBlock> train,
    JavaRDD<DataBlock> validation,
    JavaRDD<DataBlock> test,
    long trainRows,
    long validationRows,
    long testRows,
    FeatureScaling scaling,
    FeatureScaling targetScaling,
    SkippedRecords skipped,
    boolean sparse,
    double density,
    String sparseNote) {

  /**
   * Reads data.train (and data.test) in data.format, validates every record against {@code spec},
   * splits by train.seed, packs, fits the scaling on the training rows and applies it.
   *
   * @throws DataException (or its {@link BadRecordException}) for unusable input, with a one-line
   *     message naming the file (and line or row)
   * @throws InvalidConfigException for settings that cannot go with the data or the network
   */
  public static TrainingData load(SparkSession spark, DataSettings settings, NetworkSpec spec) {
    Shape shape = Shape.of(spec);
    boolean separateTest = !settings.test().isEmpty();
    RowSplit split =
        new RowSplit(
            settings.seed(),
            separateTest ? 0 : settings.testFraction(),
            settings.validationFraction());
    JavaRDD<PackedPartition> packed =
        pack(spark, DataKeys.TRAIN.name(), settings.train(), settings, shape, split, k -> {});
    JavaRDD<PackedPartition> packedTest = null;
    try {
      long[] counts = counts(packed, settings.train(), DataKeys.TRAIN.name(), skip(settings));
      if (counts[RowSplit.TRAIN] == 0) {
        throw new InvalidConfigException(
            DataKeys.VALIDATION_FRACTION.name(),
            "no training rows are left after holding out validation and test rows from "
                + settings.train()
                + "; lower data.validationFraction or data.testFraction");
      }
      if (separateTest) {
        packedTest =
            pack(
                spark,
                DataKeys.TEST.name(),
                settings.test(),
                settings,
                shape,
                RowSplit.allTest(),
                k -> {});
        Packing.add(
            counts, counts(packedTest, settings.test(), DataKeys.TEST.name(), skip(settings)));
      }
      long kept = counts[RowSplit.TRAIN] + counts[RowSplit.VALIDATION] + counts[RowSplit.TEST];
      double density =
          settings.format() == DataFormat.LIBSVM
              ? counts[PackedPartition.NON_ZEROS] / ((double) kept * shape.width())
              : 1.0;
      boolean sparse = settings.useSparse(density);
      FeatureScaling[] scalings = fitScalings(packed, settings, shape);
      FeatureScaling scaling = scalings[0];
      JavaRDD<DataBlock> train = Packing.select(packed, RowSplit.TRAIN, scaling, sparse);
      JavaRDD<DataBlock> validation =
          counts[RowSplit.VALIDATION] > 0
              ? Packing.select(packed, RowSplit.VALIDATION, scaling, sparse)
              : null;
      JavaRDD<DataBlock> test =
          packedTest != null
              ? Packing.select(packedTest, RowSplit.TEST, scaling, sparse)
              : counts[RowSplit.TEST] > 0
                  ? Packing.select(packed, RowSplit.TEST, scaling, sparse)
                  : null;
      long[] skipped = new long[BadRecordReason.values().length];
      System.arraycopy(counts, PackedPartition.SKIPPED, skipped, 0, skipped.length);
      return new TrainingData(
          train,
          validation,
          test,
          counts[RowSplit.TRAIN],
          counts[RowSplit.VALIDATION],
          counts[RowSplit.TEST],
          scaling,
          scalings[1],
          new SkippedRecords(skipped),
          sparse,
          density,
          settings.format() == DataFormat.LIBSVM ? sparseNote(settings, sparse, density) : null);
    } finally {
      packed.unpersist(true);
      if (packedTest != null) {
        packedTest.unpersist(true);
      }
    }
  }

  /**
   * Reads every record of {@code path} (no split) with the same validation as training, and applies
   * a model's saved feature scaling: the data for {@code descent evaluate} and {@code predict}. One
   * block per partition, persisted MEMORY_AND_DISK.
   */
  public static JavaRDD<DataBlock> loadAll(
      SparkSession spark,
      DataSettings settings,
      String path,
      NetworkSpec spec,
      FeatureScaling scaling) {
    Shape shape = Shape.of(spec);
    JavaRDD<PackedPartition> packed =
        pack(spark, "--data", path, settings, shape, RowSplit.allTest(), k -> {});
    try {
      counts(packed, path, "--data", skip(settings));
      // Dense: descent predict writes feature rows out, and evaluate runs once.
      return Packing.select(packed, RowSplit.TEST, scaling, false);
    } finally {
      packed.unpersist(true);
    }
  }

  /**
   * Reads {@code path} for {@code descent predict} like {@link #loadAll}, each partition's rows
   * with the values of the columns {@link DataSettings#keepColumns()} passes through; the fields of
   * those columns go into {@code keptFields}. Cached: unpersist when done.
   */
  public static JavaRDD<PredictionBlock> loadForPrediction(
      SparkSession spark,
      DataSettings settings,
      String path,
      NetworkSpec spec,
      FeatureScaling scaling,
      List<org.apache.spark.sql.types.StructField> keptFields) {
    Shape shape = Shape.of(spec);
    JavaRDD<PackedPartition> packed =
        pack(spark, "--data", path, settings, shape, RowSplit.allTest(), keptFields::addAll);
    try {
      counts(packed, path, "--data", skip(settings));
      JavaRDD<PredictionBlock> all =
          packed
              .map(
                  p ->
                      new PredictionBlock(
                          Packing.selectRows(p, RowSplit.TEST, scaling, false), p.kept()))
              .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
      all.count();
      return all;
    } finally {
      packed.unpersist(true);
    }
  }

  /**
   * The feature scaling (index 0) and the target scaling (index 1, regression with
   * data.standardizeTargets, else the identity), fitted on the training rows in one pass.
   */
  private static FeatureScaling[] fitScalings(
      JavaRDD<PackedPartition> packed, DataSettings settings, Shape shape) {
    FeatureScaling.Mode mode = settings.scaling();
    boolean fitTargets = shape.classes() == 0 && settings.standardizeTargets();
    boolean fitFeatures = mode != FeatureScaling.Mode.NONE && mode != FeatureScaling.Mode.DIVIDE;
    FeatureScaling.Statistics[] s =
        fitFeatures || fitTargets
            ? Packing.trainStatistics(packed, shape.width(), shape.targetWidth())
            : new FeatureScaling.Statistics[] {new FeatureScaling.Statistics(shape.width())};
    return new FeatureScaling[] {
      FeatureScaling.fit(mode, s[0], settings.scalingDivisor()),
      fitTargets
          ? FeatureScaling.fit(FeatureScaling.Mode.STANDARDIZE, s[1], 1f)
          : FeatureScaling.none(shape.targetWidth())
    };
  }

  /**
   * Reads, validates and packs {@code path}'s records by {@code split}; {@code keptFields} receives
   * the columns the records carry for predict --keep.
   */
  private static JavaRDD<PackedPartition> pack(
      SparkSession spark,
      String key,
      String path,
      DataSettings settings,
      Shape shape,
      RowSplit split,
      java.util.function.Consumer<List<org.apache.spark.sql.types.StructField>> keptFields) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration conf = sc.hadoopConfiguration();
    InputSource source = new InputSource(spark, key, path, settings, shape, conf);
    Input input =
        switch (settings.format()) {
          case CSV -> CsvInput.read(source);
          case LIBSVM -> LibSvmInput.read(source);
          case PARQUET -> ParquetInput.read(source);
          case IDX -> IdxInput.read(source);
        };
    keptFields.accept(input.kept());
    RecordRules rules =
        new RecordRules(
            shape.width(),
            shape.targetWidth(),
            shape.classes(),
            settings.onBadRecord() == OnBadRecord.SKIP,
            input.lines(),
            input.featureNames(),
            new HadoopConf(sc, conf));
    // Keys relative to the folder that holds the input's files: the same data gives the same
    // split and order wherever it is stored.
    String root =
        RowSplit.rootOf(
            InputFiles.resolve(key, path, conf).stream().map(f -> f.getPath().toString()).toList());
    JavaRDD<Example> examples =
        Packing.repartition(input.examples(), settings.partitions(), settings.seed(), root);
    return Packing.pack(examples, rules, split.under(root));
  }

  /**
   * Runs the packing job: rows per role, then skipped per reason. Refuses, on the driver, input
   * that could not be read, bad records under data.onBadRecord=fail (one message: the first in file
   * order, the count by reason, where the next ones are) and empty input.
   */
  private static long[] counts(
      JavaRDD<PackedPartition> packed, String path, String key, boolean skip) {
    Packing.Summary summary = Packing.counts(packed);
    long[] counts = summary.counts();
    PackVerdict verdict = summary.verdict();
    if (verdict.unreadable() != null) {
      throw new DataException(verdict.unreadable());
    }
    long kept = counts[RowSplit.TRAIN] + counts[RowSplit.VALIDATION] + counts[RowSplit.TEST];
    long[] skipped = new long[BadRecordReason.values().length];
    System.arraycopy(counts, PackedPartition.SKIPPED, skipped, 0, skipped.length);
    SkippedRecords bad = new SkippedRecords(skipped);
    if (!skip && bad.total() > 0) {
      throw verdict.error(bad);
    }
    if (kept + bad.total() == 0) {
      throw new DataException(path + ": no data rows in it; check " + key);
    }
    if (kept == 0) {
      throw new DataException(
          path
              + ": every record is bad ("
              + bad
              + "); run with data.onBadRecord=fail to see the first one");
    }
    return counts;
  }

  private static boolean skip(DataSettings settings) {
    return settings.onBadRecord() == OnBadRecord.SKIP;
  }

  private static String sparseNote(DataSettings settings, boolean sparse, double density) {
    String stored =
        String.format(
            java.util.Locale.ROOT, "libsvm input, %.3g%% of features stored", 100 * density);
    if (sparse) {
      return stored + "; rows stay sparse (data.sparse)";
    }
    if (settings.sparse() == DataSettings.SparseInput.AUTO
        && density < DataSettings.AUTO_SPARSE_DENSITY) {
      return stored
          + "; densified because data.scaling="
          + settings.scaling().name().toLowerCase(java.util.Locale.ROOT)
          + " shifts zeros; data.scaling=maxabs or none keeps them sparse and faster (docs/sparse.md)";
    }
    return stored + "; densified (data.sparse)";
  }

  /** Releases the cached blocks. */
  public void unpersist() {
    // Blocking: a removal still in flight when the command stops Spark right after is rejected,
    // and Spark logs that with a stack trace on the user's terminal.
    train.unpersist(true);
    if (validation != null) {
      validation.unpersist(true);
    }
    if (test != null) {
      test.unpersist(true);
    }
  }
}
