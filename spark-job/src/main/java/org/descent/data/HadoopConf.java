package org.descent.data;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * A Hadoop configuration that travels with a closure (file systems, codecs, credentials), shipped
 * once as a broadcast. Capturing the configuration itself would put its hundreds of entries into
 * every task of every later job on the packed data — Spark serialises an RDD's whole lineage with
 * each job — which made each training step ≈ 70 ms slower.
 */
final class HadoopConf implements Serializable {
  private static final long serialVersionUID = 2L;

  private final Broadcast<Payload> payload;

  HadoopConf(JavaSparkContext sc, Configuration conf) {
    this.payload = sc.broadcast(new Payload(conf));
  }

  Configuration get() {
    return payload.value().conf;
  }

  /** The configuration itself, Java-serialised through Hadoop's own Writable form. */
  static final class Payload implements Serializable {
    private static final long serialVersionUID = 1L;

    private transient Configuration conf;

    Payload(Configuration conf) {
      this.conf = new Configuration(conf);
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
      out.defaultWriteObject();
      conf.write(out);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      conf = new Configuration(false);
      conf.readFields(in);
    }
  }
}
