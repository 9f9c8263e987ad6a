package org.descent.data;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.descent.nn.Names;
import org.descent.ps.InvalidConfigException;
import org.descent.ps.config.DataKeys;

/**
 * Parquet through Spark's reader: the features in one column (an ML Vector, or an array of
 * float/double; {@code features} unless {@code data.featureColumns} names another) or in listed
 * numeric columns, the target(s) in numeric label column(s). Records are located by file and row
 * index within the file (Spark's {@code _metadata} column), which also keys the seeded split.
 */
final class ParquetInput {
  private ParquetInput() {}

  static Input read(InputSource in) {
    checkFooters(InputFiles.resolve(in.key(), in.path(), in.conf()), in.conf());
    org.apache.spark.sql.Dataset<Row> df = in.spark().read().parquet(in.path());
    StructType schema = df.schema();
    List<String> labels = in.settings().labelColumns();
    boolean unlabelled =
        in.settings().labelsOptional()
            && labels.stream().noneMatch(java.util.Arrays.asList(schema.fieldNames())::contains);
    if (!unlabelled && labels.size() != in.shape().targetWidth()) {
      throw new InvalidConfigException(
          DataKeys.LABEL_COLUMN.name(),
          "data.labelColumn names "
              + labels.size()
              + " column(s), but the network needs "
              + in.shape().targetWidth()
              + " target(s) per row; list that many columns, comma-separated");
    }
    Column[] targets = new Column[unlabelled ? in.shape().targetWidth() : labels.size()];
    for (int i = 0; i < targets.length; i++) {
      targets[i] =
          unlabelled
              ? org.apache.spark.sql.functions.lit(0f) // prediction input: no labels
              : floatColumn(
                  schema, in.path(), labels.get(i), DataKeys.LABEL_COLUMN.name(), "label");
    }
    List<String> listed = in.settings().featureColumns();
    Column features;
    String[] featureNames = null;
    StructField single =
        listed.size() <= 1
            ? field(
                schema,
                in.path(),
                listed.isEmpty() ? "features" : listed.get(0),
                DataKeys.FEATURE_COLUMNS.name(),
                "features")
            : null;
    if (single != null && !(single.dataType() instanceof NumericType)) {
      DataType t = single.dataType();
      if (t.equals(SQLDataTypes.VectorType())) {
        features = functions.vector_to_array(col(quote(single.name())), "float32");
      } else if (t instanceof ArrayType a && a.elementType() instanceof NumericType) {
        features = col(quote(single.name())).cast("array<float>");
      } else {
        throw new DataException(
            in.path()
                + ": column '"
                + single.name()
                + "' is "
                + t.simpleString()
                + "; the features must be an ML Vector, an array of numbers, or numeric columns"
                + " listed in data.featureColumns");
      }
    } else {
      if (listed.isEmpty()) {
        listed = List.of(single.name());
      }
      Column[] cols =
          listed.stream()
              .map(
                  n ->
                      floatColumn(schema, in.path(), n, DataKeys.FEATURE_COLUMNS.name(), "feature"))
              .toArray(Column[]::new);
      if (cols.length != in.shape().width()) {
        throw new BadRecordException(
            BadRecordReason.WRONG_FEATURE_COUNT,
            in.path()
                + ": data.featureColumns lists "
                + cols.length
                + " columns, but model.layers starts with "
                + in.shape().width()
                + "; make them agree");
      }
      features = array(cols);
      featureNames = listed.toArray(String[]::new);
    }
    String[] labelNames = labels.toArray(String[]::new);
    List<StructField> kept = keptFields(schema, in.path(), in.settings().keepColumns());
    List<Column> selected =
        new java.util.ArrayList<>(
            List.of(
                features.as("f"),
                array(targets).as("t"),
                col("_metadata.file_path").as("file"),
                col("_metadata.row_index").as("row")));
    if (!kept.isEmpty()) {
      selected.add(
          org.apache
              .spark
              .sql
              .functions
              .struct(
                  kept.stream()
                      .map(f -> col(quote(f.name())).cast(f.dataType()).as(f.name()))
                      .toArray(Column[]::new))
              .as("k"));
    }
    org.apache.spark.sql.Dataset<Row> rows = df.select(selected.toArray(Column[]::new));
    // Parquet decoding errors (a damaged file) end the partition as data, not a failed task. The
    // tasks get the path, not the source (which holds the session).
    String path = in.path();
    return new Input(
        rows.javaRDD()
            .mapPartitions(
                it -> new GuardedExamples(() -> new MappedRows(it, labelNames), path), true),
        featureNames,
        false,
        kept);
  }

  /**
   * The columns {@code --keep} passes through, with the type they are written with: numbers,
   * booleans and strings as they are, dates and timestamps as text. {@link DataSettings#KEEP_ALL}
   * keeps every such column (vectors and arrays are left out); a listed vector or array column is
   * an error.
   */
  private static List<StructField> keptFields(StructType schema, String path, List<String> keep) {
    boolean all = keep.equals(List.of(DataSettings.KEEP_ALL));
    List<StructField> out = new java.util.ArrayList<>();
    for (StructField f : all ? Arrays.asList(schema.fields()) : fieldsNamed(schema, path, keep)) {
      DataType t = f.dataType();
      DataType written =
          t instanceof NumericType
                  || t.equals(org.apache.spark.sql.types.DataTypes.BooleanType)
                  || t.equals(org.apache.spark.sql.types.DataTypes.StringType)
              ? t
              : t instanceof org.apache.spark.sql.types.AtomicType
                  ? org.apache.spark.sql.types.DataTypes.StringType
                  : null;
      if (written == null) {
        if (all) {
          continue;
        }
        throw new DataException(
            path
                + ": column '"
                + f.name()
                + "' is "
                + t.simpleString()
                + "; --keep passes numbers, booleans and text through, not vectors or arrays");
      }
      out.add(org.apache.spark.sql.types.DataTypes.createStructField(f.name(), written, true));
    }
    return out;
  }

  private static List<StructField> fieldsNamed(StructType schema, String path, List<String> names) {
    return names.stream().map(n -> field(schema, path, n, "--keep", "--keep")).toList();
  }

  private static final byte[] MAGIC = {'P', 'A', 'R', '1'};

  /**
   * Checks on the driver that each file ends like a Parquet file (footer length, then "PAR1"):
   * Spark reads the footers for the schema in a job of its own, where a truncated or foreign file
   * would fail a task instead of being refused.
   */
  static void checkFooters(List<org.apache.hadoop.fs.FileStatus> files, Configuration conf) {
    for (org.apache.hadoop.fs.FileStatus f : files) {
      org.apache.hadoop.fs.Path p = f.getPath();
      long len = f.getLen();
      String problem = null;
      if (len < 12) {
        problem = len + " bytes, too short";
      } else {
        try (org.apache.hadoop.fs.FSDataInputStream in = p.getFileSystem(conf).open(p)) {
          byte[] head = new byte[4];
          in.readFully(0, head);
          byte[] tail = new byte[8];
          in.readFully(len - 8, tail);
          long footer =
              (tail[0] & 0xffL)
                  | (tail[1] & 0xffL) << 8
                  | (tail[2] & 0xffL) << 16
                  | (tail[3] & 0xffL) << 24;
          if (!Arrays.equals(head, MAGIC)) {
            problem = "it does not start with PAR1";
          } else if (!Arrays.equals(Arrays.copyOfRange(tail, 4, 8), MAGIC)) {
            problem = "it does not end with PAR1: truncated or not Parquet";
          } else if (footer > len - 12) {
            problem = "its footer length " + footer + " exceeds the file";
          }
        } catch (java.io.IOException e) {
          throw InputFiles.unreadable(p, conf, e);
        }
      }
      if (problem != null) {
        throw new DataException(
            p + ": not a complete Parquet file (" + problem + "); re-create it or remove it");
      }
    }
  }

  /** Rows → examples, lazily. */
  private static final class MappedRows implements java.util.Iterator<Example> {
    private final java.util.Iterator<Row> rows;
    private final String[] labelNames;

    MappedRows(java.util.Iterator<Row> rows, String[] labelNames) {
      this.rows = rows;
      this.labelNames = labelNames;
    }

    @Override
    public boolean hasNext() {
      return rows.hasNext();
    }

    @Override
    public Example next() {
      Row r = rows.next();
      Example e = example(r, labelNames);
      if (r.size() > 4) {
        Row k = r.getStruct(4);
        Object[] values = new Object[k.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = k.get(i);
        }
        e.keeping(values);
      }
      return e;
    }
  }

  private static Example example(Row r, String[] labelNames) {
    String file = r.getString(2);
    long row = r.getLong(3);
    if (r.isNullAt(0)) {
      return Example.bad(file, row, BadRecordReason.MISSING_VALUE, "the features are null");
    }
    List<Float> x = r.getList(0);
    int missing = x.indexOf(null);
    if (missing >= 0) {
      return Example.bad(
          file, row, BadRecordReason.MISSING_VALUE, "feature " + (missing + 1) + " is null");
    }
    List<Float> y = r.getList(1);
    missing = y.indexOf(null);
    if (missing >= 0) {
      return Example.bad(
          file, row, BadRecordReason.MISSING_VALUE, "label '" + labelNames[missing] + "' is null");
    }
    return Example.of(file, row, floats(x), floats(y));
  }

  private static float[] floats(List<Float> values) {
    float[] a = new float[values.size()];
    for (int j = 0; j < a.length; j++) {
      a[j] = values.get(j);
    }
    return a;
  }

  private static StructField field(
      StructType schema, String path, String name, String key, String what) {
    for (StructField f : schema.fields()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    String[] names = schema.fieldNames();
    throw new DataException(
        path
            + ": no "
            + what
            + " column '"
            + name
            + "'"
            + Names.suggestion(name, names)
            + "; the columns are: "
            + Arrays.stream(schema.fields())
                .map(f -> f.name() + " " + f.dataType().simpleString())
                .collect(Collectors.joining(", "))
            + " (set "
            + key
            + ")");
  }

  /** Column {@code name} as float; refuses a missing or non-numeric column. */
  private static Column floatColumn(
      StructType schema, String path, String name, String key, String what) {
    StructField f = field(schema, path, name, key, what);
    if (!(f.dataType() instanceof NumericType)) {
      throw new DataException(
          path
              + ": column '"
              + f.name()
              + "' is "
              + f.dataType().simpleString()
              + ", not a number; choose numeric columns");
    }
    return col(quote(name)).cast("float");
  }

  /** Backquotes a column name so dots and spaces are taken literally. */
  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
