package org.descent.ml;

import java.util.Map;
import java.util.function.BiFunction;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;

/** Spark ML metadata (params) plus {@code data/model.bin} in nn-core's model format. */
final class ModelIo {
  private ModelIo() {}

  static final class Writer extends MLWriter {
    private final Params instance;
    private final TrainedNetwork net;

    Writer(Params instance, TrainedNetwork net) {
      this.instance = instance;
      this.net = net;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter.saveMetadata(instance, path, sparkSession());
      net.save(
          path,
          sparkSession().sparkContext().hadoopConfiguration(),
          Map.of("spark.version", sparkSession().version(), "spark.ml.uid", instance.uid()));
    }
  }

  static final class Reader<M extends Params> extends MLReader<M> {
    private final Class<M> type;
    private final BiFunction<String, TrainedNetwork, M> create;

    Reader(Class<M> type, BiFunction<String, TrainedNetwork, M> create) {
      this.type = type;
      this.create = create;
    }

    @Override
    public M load(String path) {
      DefaultParamsReader.Metadata metadata =
          DefaultParamsReader.loadMetadata(path, sparkSession(), type.getName());
      TrainedNetwork net =
          TrainedNetwork.load(path, sparkSession().sparkContext().hadoopConfiguration());
      M model = create.apply(metadata.uid(), net);
      metadata.getAndSetParams(model, metadata.getAndSetParams$default$2());
      return model;
    }
  }
}
