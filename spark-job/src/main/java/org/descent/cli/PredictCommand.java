package org.descent.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.descent.data.DataSettings;
import org.descent.data.PredictionBlock;
import org.descent.data.TrainingData;
import org.descent.io.ModelStore;
import org.descent.nn.Loss;
import org.descent.nn.Minibatch;
import org.descent.nn.Names;
import org.descent.nn.Network;
import org.descent.nn.Workspace;
import org.descent.nn.model.ModelFormat;
import org.descent.nn.model.SavedModel;
import org.descent.ps.InvalidConfigException;
import org.descent.ps.config.DataKeys;
import org.descent.ps.train.DataBlock;

/**
 * {@code descent predict --model DIR --data URI --output URI [--output-format csv|parquet|json]
 * [--keep COL,... | --keep-all]}: writes one row per input row — the {@code --keep} input columns
 * (e.g. an id to join on), then the predicted class and the class probabilities (classifiers), or
 * the predicted values in the target's units (regression) — as a Spark CSV (with header), Parquet
 * or JSON-lines directory. The input is read like training data with the data.* keys; csv and
 * parquet input may leave out the label column (libsvm and idx carry labels by format; they are
 * ignored).
 */
record PredictCommand(CliOptions options, PrintStream out) {
  static final List<String> OUTPUT_FORMATS = List.of("csv", "parquet", "json");

  void run() {
    String modelDir = options.require(options.model(), "--model", "--model out/model");
    String output = options.require(options.output(), "--output", "--output predictions/");
    String format = outputFormat(options.outputFormat());
    String path = options.dataOrConfigured(out);
    SparkSession spark = SparkSessions.open(options.master(), "descent predict");
    try {
      SavedModel model = ModelStore.load(modelDir, spark.sparkContext().hadoopConfiguration());
      DataSettings settings =
          DataSettings.fromMap(options.conf().with(DataKeys.TRAIN, path).asMap())
              .withLabelsOptional()
              .withKeep(options.keep());
      List<StructField> kept = new ArrayList<>();
      JavaRDD<PredictionBlock> data =
          TrainingData.loadForPrediction(
              spark, settings, path, model.spec(), model.featureScaling(), kept);
      StructType schema = schema(kept, model, classNames(model));
      // The model travels in its own file format (Kryo cannot take records; this is compact).
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      try {
        ModelFormat.write(model, bytes);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      Broadcast<byte[]> m =
          org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext())
              .broadcast(bytes.toByteArray());
      JavaRDD<Row> rows =
          data.flatMap(
              p ->
                  withKept(
                          p.kept(),
                          predict(
                              ModelFormat.read(
                                  new java.io.ByteArrayInputStream(m.value()), "broadcast model"),
                              p.block()))
                      .iterator());
      org.apache.spark.sql.Dataset<Row> frame = spark.createDataFrame(rows, schema);
      frame.write().format(format).option("header", "true").save(output);
      long n = spark.read().format(format).option("header", "true").load(output).count();
      out.println("predict: wrote " + n + " predictions to " + output + " (" + format + ")");
      m.destroy();
      data.unpersist();
    } finally {
      spark.stop();
    }
  }

  /** The --output-format name (csv without one), or a usage error listing the formats. */
  static String outputFormat(String name) {
    if (name == null) {
      return "csv";
    }
    String key = name.strip().toLowerCase(Locale.ROOT);
    if (!OUTPUT_FORMATS.contains(key)) {
      String[] formats = OUTPUT_FORMATS.toArray(String[]::new);
      throw new UsageException(
          Command.PREDICT,
          Names.unknown("--output-format", name, formats, "give one of", formats).getMessage());
    }
    return key;
  }

  /**
   * The class names: {@code --set data.classNames=...} of this run, else those the model was
   * trained with (its provenance), else none.
   */
  private List<String> classNames(SavedModel model) {
    String given = options.conf().get(DataKeys.CLASS_NAMES);
    String saved = model.provenance().get(ClassNames.PROVENANCE_KEY);
    return ClassNames.parse(given != null && !given.isBlank() ? given : saved, model.spec());
  }

  /** The kept input columns, then the prediction columns; a name in both is an error. */
  static StructType schema(List<StructField> kept, SavedModel model, List<String> classNames) {
    StructType predictions = schema(model, classNames);
    List<StructField> fields = new ArrayList<>(kept);
    for (StructField f : predictions.fields()) {
      if (kept.stream().anyMatch(k -> k.name().equalsIgnoreCase(f.name()))) {
        throw new InvalidConfigException(
            "--keep",
            "--keep column '"
                + f.name()
                + "' has the name of a prediction column; rename it in the input or leave it"
                + " out of --keep");
      }
      fields.add(f);
    }
    return DataTypes.createStructType(fields);
  }

  /** Each prediction row behind its kept values (the same row order); as is without them. */
  static List<Row> withKept(Object[][] kept, List<Row> predictions) {
    if (kept == null) {
      return predictions;
    }
    List<Row> rows = new ArrayList<>(predictions.size());
    for (int r = 0; r < predictions.size(); r++) {
      Row p = predictions.get(r);
      Object[] values = java.util.Arrays.copyOf(kept[r], kept[r].length + p.size());
      for (int j = 0; j < p.size(); j++) {
        values[kept[r].length + j] = p.get(j);
      }
      rows.add(RowFactory.create(values));
    }
    return rows;
  }

  static StructType schema(SavedModel model) {
    return schema(model, List.of());
  }

  /** The prediction columns; probabilities named by {@code classNames} when there are any. */
  static StructType schema(SavedModel model, List<String> classNames) {
    List<StructField> fields = new ArrayList<>();
    Loss loss = model.spec().loss();
    int width = model.spec().outputWidth();
    if (loss.isClassification()) {
      fields.add(DataTypes.createStructField("prediction", DataTypes.IntegerType, false));
      int classes = loss.classCount(width);
      for (int c = 0; c < classes; c++) {
        String name =
            (loss == Loss.MULTICLASS_HINGE ? "score_" : "probability_")
                + (classNames.isEmpty() ? String.valueOf(c) : classNames.get(c));
        fields.add(DataTypes.createStructField(name, DataTypes.FloatType, false));
      }
    } else {
      for (int j = 0; j < width; j++) {
        fields.add(
            DataTypes.createStructField(
                width == 1 ? "prediction" : "prediction_" + j, DataTypes.FloatType, false));
      }
    }
    return DataTypes.createStructType(fields);
  }

  static List<Row> predict(SavedModel model, DataBlock block) {
    List<Row> rows = new ArrayList<>(block.rows());
    if (block.rows() == 0) {
      return rows;
    }
    Network net = new Network(model.spec());
    int chunk = Math.min(1024, block.rows());
    Workspace ws = net.workspace(chunk);
    int width = model.spec().outputWidth();
    Loss loss = model.spec().loss();
    float[] outputs = new float[chunk * width];
    for (int from = 0; from < block.rows(); from += chunk) {
      int n = Math.min(chunk, block.rows() - from);
      net.predict(
          model.parameters(),
          model.layerState(),
          Minibatch.of(block.features(), from * block.width(), n),
          ws,
          outputs,
          0);
      if (!loss.isClassification()) {
        model.targetScaling().invert(outputs, 0, n);
      }
      for (int r = 0; r < n; r++) {
        Object[] values;
        if (loss.isClassification()) {
          int classes = loss.classCount(width);
          values = new Object[1 + classes];
          values[0] = net.predictedClass(ws, r);
          for (int c = 0; c < classes; c++) {
            float p =
                loss == Loss.BINARY_SIGMOID_CROSS_ENTROPY
                    ? (c == 1 ? outputs[r] : 1f - outputs[r])
                    : outputs[r * width + c];
            values[1 + c] = p;
          }
        } else {
          values = new Object[width];
          for (int j = 0; j < width; j++) {
            values[j] = outputs[r * width + j];
          }
        }
        rows.add(RowFactory.create(values));
      }
    }
    return rows;
  }
}
