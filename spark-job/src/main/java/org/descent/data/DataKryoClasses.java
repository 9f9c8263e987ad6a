package org.descent.data;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.CharType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DayTimeIntervalType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.VarcharType;
import org.apache.spark.sql.types.YearMonthIntervalType;
import org.descent.nn.FeatureScaling;

/**
 * The classes of this package that Spark serialises with Kryo (records shuffled when
 * repartitioning, packed partitions cached MEMORY_AND_DISK, scaling statistics merged in partition
 * order (InPartitionOrder), the SQL types of Parquet schemas); called by the job's Kryo
 * registrator.
 */
public final class DataKryoClasses {
  private DataKryoClasses() {}

  public static void register(Kryo kryo) {
    kryo.register(HadoopConf.Payload.class, new JavaSerializer());
    // float[], double[], int[] and long[]: DescentKryoRegistrator has registered them already.
    kryo.register(byte[].class);
    kryo.register(Example.class);
    kryo.register(Object[].class); // the columns predict --keep passes through
    kryo.register(Object[][].class);
    kryo.register(PredictionBlock.class);
    kryo.register(BadRecordReason.class);
    kryo.register(PackedPartition.class);
    kryo.register(PackVerdict.class);
    // Records, whose fields Kryo 4's field serialiser cannot set; few (a partition's summary, at
    // most 3 refused records), so Java serialisation costs nothing that shows.
    kryo.register(BadRecord.class, new JavaSerializer());
    kryo.register(BadRecord[].class);
    kryo.register(Packing.Summary.class, new JavaSerializer());
    kryo.register(org.descent.nn.SparseRows.class);
    kryo.register(FeatureScaling.Statistics.class);
    kryo.register(FeatureScaling.Statistics[].class);
    kryo.register(FeatureScaling.class);
    kryo.register(FeatureScaling.Mode.class);
    // Spark infers a Parquet file's schema in a job whose results are StructTypes; Spark itself
    // registers only some of the types a schema can hold.
    for (DataType t :
        new DataType[] {
          DataTypes.BooleanType,
          DataTypes.ByteType,
          DataTypes.ShortType,
          DataTypes.IntegerType,
          DataTypes.LongType,
          DataTypes.FloatType,
          DataTypes.DoubleType,
          DataTypes.StringType,
          DataTypes.BinaryType,
          DataTypes.DateType,
          DataTypes.TimestampType,
          DataTypes.TimestampNTZType,
          DataTypes.NullType,
          DataTypes.CalendarIntervalType,
          SQLDataTypes.VectorType(),
          SQLDataTypes.MatrixType()
        }) {
      kryo.register(t.getClass());
    }
    kryo.register(StringType.class);
    kryo.register(ArrayType.class);
    kryo.register(MapType.class);
    kryo.register(CharType.class);
    kryo.register(VarcharType.class);
    kryo.register(DecimalType.class);
    kryo.register(DayTimeIntervalType.class);
    kryo.register(YearMonthIntervalType.class);
  }
}
