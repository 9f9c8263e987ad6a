package org.descent.ml;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.descent.config.Configuration;
import org.descent.config.ModelConfig;
import org.descent.config.Provenance;
import org.descent.config.TrainConfig;
import org.descent.data.BlockScaling;
import org.descent.data.InPartitionOrder;
import org.descent.nn.FeatureScaling;
import org.descent.nn.Initializer;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.nn.SparseRows;
import org.descent.ps.FlatConfig;
import org.descent.ps.InvalidConfigException;
import org.descent.ps.ParameterServer;
import org.descent.ps.UpdateConfig;
import org.descent.ps.config.DataKeys;
import org.descent.ps.config.ModelKeys;
import org.descent.ps.config.TrainKeys;
import org.descent.ps.train.DataBlock;
import org.descent.ps.train.TrainingResult;
import org.descent.ps.train.TrainingSettings;
import org.descent.spark.DistributedTrainer;

/** {@code fit}: packs a Dataset into one float32 {@link DataBlock} per partition and trains. */
final class DescentTraining {
  private DescentTraining() {}

  /**
   * Trains on the (features, label) rows: a classifier when {@code regression} is false (labels
   * 0…k-1, k from the label column's metadata or the largest label of all rows, see {@link
   * ClassCount}), else a one-output regressor.
   */
  static Fitted fit(
      Dataset<?> dataset,
      String featuresCol,
      String labelCol,
      DescentParams<?> params,
      boolean regression) {
    String weightCol = params.getWeightCol();
    List<Column> columns = new ArrayList<>(List.of(col(featuresCol), col(labelCol).cast("double")));
    if (weightCol != null) {
      columns.add(col(weightCol).cast("double"));
    }
    Column validationMark = ValidationRows.mark(params, dataset.schema());
    if (validationMark != null) {
      columns.add(validationMark);
    }
    Dataset<Row> rows = dataset.select(columns.toArray(Column[]::new));
    Row first = rows.first();
    int width = first.isNullAt(0) ? -1 : ((Vector) first.get(0)).size();
    Configuration probe = ParamSupport.configuration(params, Math.max(width, 1), 2);
    // Bad rows are found by a query and reported by the driver, never thrown inside a task.
    MlRowCheck.Checked checked =
        MlRowCheck.check(
            rows,
            featuresCol,
            labelCol,
            weightCol,
            width,
            !regression,
            probe.read(DataKeys.ON_BAD_RECORD).equals("skip"));
    rows = checked.rows();
    int partitions = probe.read(TrainKeys.PARTITIONS);
    if (partitions > 0) {
      rows = rows.repartition(partitions);
    }
    double validationFraction = probe.read(DataKeys.VALIDATION_FRACTION);
    long seed = params.getSeed();
    Dataset<Row>[] split =
        ValidationRows.split(rows, validationMark != null, validationFraction, seed);
    Dataset<Row> trainRows = split[0];
    Dataset<Row> validationRows = split[1];
    JavaRDD<DataBlock> raw = packed(trainRows, width, !regression, weightCol);
    // Read several times (statistics, labels, scaling); the validation blocks twice, for their
    // labels (classifier) and by the scaling map whose result is cached.
    raw.persist(StorageLevel.MEMORY_AND_DISK());
    JavaRDD<DataBlock> rawValidation =
        validationRows == null ? null : packed(validationRows, width, !regression, weightCol);
    try {
      // One pass: the scaling's statistics, and the stored entries (a dense row's non-zeros) and
      // whether any block is sparse.
      // Merged in partition order: the statistics' double sums are the same every run.
      scala.Tuple2<FeatureScaling.Statistics, long[]> facts =
          InPartitionOrder.merge(
              raw.map(
                  b ->
                      new scala.Tuple2<>(
                          BlockScaling.addFeatures(
                              new FeatureScaling.Statistics(width), b, BlockScaling.allRows(b)),
                          new long[] {BlockScaling.storedEntries(b), b.isSparse() ? 1 : 0})),
              (a, b) ->
                  new scala.Tuple2<>(
                      a._1().merge(b._1()),
                      new long[] {a._2()[0] + b._2()[0], a._2()[1] | b._2()[1]}));
      FeatureScaling.Statistics featureStats = facts._1();
      long count = featureStats.rows();
      boolean anySparse = facts._2()[1] > 0;
      double density = facts._2()[0] / ((double) count * width);
      int outputs;
      Configuration conf;
      FeatureScaling targetScaling;
      if (regression) {
        conf = ParamSupport.configuration(params, width, 1).with(ModelKeys.HEAD, "mse");
        boolean standardize = conf.read(DataKeys.STANDARDIZE_TARGETS);
        targetScaling =
            standardize
                ? FeatureScaling.fit(
                    FeatureScaling.Mode.STANDARDIZE,
                    InPartitionOrder.merge(
                        raw.map(
                            b ->
                                BlockScaling.addTargets(
                                    new FeatureScaling.Statistics(1), b, BlockScaling.allRows(b))),
                        FeatureScaling.Statistics::merge),
                    1f)
                : FeatureScaling.none(1);
      } else {
        int classes =
            ClassCount.of(
                dataset.schema(),
                labelCol,
                raw.map(b -> maxLabel(b)).reduce(Math::max),
                rawValidation == null
                    ? null
                    : rawValidation.map(b -> maxLabel(b)).fold(0.0, Math::max));
        String head = probe.get(ModelKeys.HEAD);
        outputs = head.equalsIgnoreCase("sigmoid") ? 1 : classes;
        if (outputs == 1 && classes > 2) {
          throw new InvalidConfigException(
              ModelKeys.HEAD.name(),
              ModelKeys.HEAD + "=sigmoid needs labels 0/1, found " + classes + " classes");
        }
        conf = ParamSupport.configuration(params, width, outputs);
        targetScaling = null;
      }
      NetworkSpec spec = ModelConfig.networkSpec(conf);
      FlatConfig flat = conf.flat();
      // From an earlier model: its scalings too, so that its weights keep their meaning.
      WarmStart warm = WarmStart.of(params, spec, dataset.sparkSession());
      if (warm != null && warm.targetScaling() != null && targetScaling != null) {
        targetScaling = warm.targetScaling();
      }
      FeatureScaling.Mode scalingMode =
          SparseChoice.scaling(
              flat,
              FeatureScaling.Mode.parse(conf.get(DataKeys.SCALING)),
              params.isSet(params.keyParam(DataKeys.SCALING.name())),
              anySparse,
              density,
              featuresCol);
      FeatureScaling featureScaling =
          warm != null && warm.featureScaling() != null
              ? warm.featureScaling()
              : FeatureScaling.fit(
                  scalingMode, featureStats, DataKeys.SCALING_DIVISOR.read(flat).floatValue());
      boolean keepSparse =
          SparseChoice.keepSparse(
              flat, anySparse, density, featureScaling.mode(), spec, featuresCol, warm != null);
      TrainingSettings settings = TrainConfig.settings(conf);
      TrainConfig.checkBatchFitsRows(settings.batchSize(), count, "rows");
      UpdateConfig update =
          UpdateConfig.fromMap(TrainConfig.withWholeRunSchedule(conf, settings, count));
      JavaRDD<DataBlock> scaled = raw.map(b -> scaled(b, featureScaling, keepSparse));
      scaled.persist(StorageLevel.MEMORY_AND_DISK());
      JavaRDD<DataBlock> validation =
          rawValidation == null
              ? null
              : rawValidation.map(b -> scaled(b, featureScaling, keepSparse));
      if (validation != null) {
        validation.persist(StorageLevel.MEMORY_AND_DISK());
      }
      try {
        Network network = new Network(spec);
        ParameterServer server =
            new ParameterServer(
                network.layout(),
                warm != null
                    ? warm.parameters()
                    : Initializer.initialParameters(spec, settings.seed()),
                update);
        if (warm != null && warm.layerState() != null) {
          server.setLayerState(warm.layerState());
        }
        TrainingResult result =
            new DistributedTrainer(network, server, settings)
                .configure(flat)
                .train(scaled, validation, targetScaling)
                .training();
        Map<String, String> provenance =
            Provenance.of(
                conf,
                dataset.sparkSession().version(),
                "DataFrame " + dataset.schema().simpleString());
        if (warm != null) {
          provenance.put("train.warmStart", warm.origin());
        }
        TrainedNetwork net =
            new TrainedNetwork(
                spec,
                result.parameters(),
                result.layerState(),
                featureScaling,
                targetScaling != null
                    ? targetScaling
                    : FeatureScaling.none(spec.loss().targetWidth(spec.outputWidth())),
                provenance,
                result.history());
        return new Fitted(
            net, result.bestEpoch(), result.stoppedEarly(), checked.skipped(), keepSparse);
      } finally {
        scaled.unpersist(false);
        if (validation != null) {
          validation.unpersist(false);
        }
      }
    } finally {
      raw.unpersist(false);
    }
  }

  /**
   * The trained network, the epoch its weights come from, whether early stopping ended it, the rows
   * skipped as bad (onBadRecord=skip) and whether the training blocks were sparse.
   */
  record Fitted(
      TrainedNetwork trainedNetwork,
      int bestEpoch,
      boolean stoppedEarly,
      long skippedRows,
      boolean sparseBlocks) {}

  private static JavaRDD<DataBlock> packed(
      Dataset<Row> rows, int width, boolean classification, String weightCol) {
    JavaRDD<DataBlock> blocks =
        rows.toJavaRDD()
            .mapPartitions(it -> List.of(pack(it, width, classification, weightCol)).iterator());
    return blocks;
  }

  /**
   * Every row of the block, scaled: as CSR rows when {@code keepSparse} (a dense block's non-zeros;
   * the scaling keeps zeros), else dense; with the rows' weights.
   */
  private static DataBlock scaled(DataBlock b, FeatureScaling scaling, boolean keepSparse) {
    return BlockScaling.scaledRows(b, BlockScaling.allRows(b), scaling, keepSparse);
  }

  private static double maxLabel(DataBlock b) {
    double max = 0;
    for (float t : b.targets()) {
      max = Math.max(max, t);
    }
    return max;
  }

  /**
   * One block of the partition's rows: CSR when any row's vector is a {@link SparseVector} (dense
   * vectors among them add their non-zeros), else dense row-major. Rows were checked by {@link
   * MlRowCheck}; what is thrown here is a guard.
   */
  private static DataBlock pack(
      Iterator<Row> it, int width, boolean classification, String weightCol) {
    List<Row> rows = new ArrayList<>();
    boolean sparse = false;
    while (it.hasNext()) {
      Row row = it.next();
      sparse |= row.get(0) instanceof SparseVector;
      rows.add(row);
    }
    int n = rows.size();
    float[] x = sparse ? null : new float[Math.multiplyExact(n, width)];
    SparseRows sx = sparse ? new SparseRows(width, n, 16 * n + 16) : null;
    int[] cols = sparse ? new int[16] : null;
    float[] vals = sparse ? new float[16] : null;
    float[] y = new float[n];
    float[] w = weightCol == null ? null : new float[n];
    for (int r = 0; r < n; r++) {
      Row row = rows.get(r);
      Vector v = (Vector) row.get(0);
      if (v == null || row.isNullAt(1) || v.size() != width) {
        throw new IllegalArgumentException("unchecked row reached packing: " + row);
      }
      if (sparse) {
        int stored = v.numActives();
        if (cols.length < stored) {
          cols = new int[stored];
          vals = new float[stored];
        }
        int k = 0;
        if (v instanceof SparseVector s) {
          int[] indices = s.indices();
          double[] values = s.values();
          for (int j = 0; j < indices.length; j++) {
            cols[k] = indices[j];
            vals[k++] = (float) values[j];
          }
        } else {
          double[] values = ((DenseVector) v).values();
          for (int i = 0; i < values.length; i++) {
            if (values[i] != 0) {
              cols[k] = i;
              vals[k++] = (float) values[i];
            }
          }
        }
        sx.addRow(cols, vals, 0, k);
      } else {
        int base = r * width;
        for (int i = 0; i < width; i++) {
          x[base + i] = (float) v.apply(i);
        }
      }
      double label = row.getDouble(1);
      if (classification && (label < 0 || label != Math.rint(label))) {
        throw new IllegalArgumentException(
            "classifier labels must be whole numbers 0, 1, …; got " + label);
      }
      y[r] = (float) label;
      if (w != null) {
        w[r] = (float) row.getDouble(2);
      }
    }
    return sparse ? new DataBlock(sx.trimmed(), y, w, 1) : new DataBlock(x, y, w, n, width, 1);
  }
}
