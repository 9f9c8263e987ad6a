package org.descent.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.serializer.KryoRegistrator;
import org.descent.nn.NetworkSpec;
import org.descent.ps.train.DataBlock;
import org.descent.ps.train.Evaluation;
import org.descent.ps.train.GradientSum;
import org.descent.ps.train.MinibatchPlan;

/**
 * Registers every class Descent ships between driver and executors, so jobs can run with {@code
 * spark.kryo.registrationRequired=true} (tests do) and Kryo writes class ids, not names. Specs
 * travel once per job and use Java serialisation inside Kryo (immutable lists inside); the per-step
 * payloads (gradient sums) use Kryo's field serialiser, their float arrays {@link
 * RawFloatArraySerializer}.
 */
public final class DescentKryoRegistrator implements KryoRegistrator {
  @Override
  public void registerClasses(Kryo kryo) {
    kryo.register(float[].class, new RawFloatArraySerializer());
    kryo.register(double[].class);
    kryo.register(int[].class);
    kryo.register(long[].class);
    kryo.register(DataBlock.class);
    kryo.register(DataBlock[].class);
    kryo.register(GradientSum.class);
    kryo.register(MinibatchPlan.class);
    kryo.register(NetworkSpec.class, new JavaSerializer());
    // DistributedTrainer: per-step task results, the start-up shape check, validation sums.
    kryo.register(PartitionResult.class, new LocalHandOver(kryo));
    kryo.register(PartitionResult[].class);
    kryo.register(long[][].class);
    kryo.register(Evaluation.class);
    kryo.register(Evaluation[].class);
    // org.descent.data: shuffled records, cached packed partitions, scaling statistics.
    org.descent.data.DataKryoClasses.register(kryo);
  }
}
