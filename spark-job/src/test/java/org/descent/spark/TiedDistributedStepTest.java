package org.descent.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.descent.nn.Activation;
import org.descent.nn.FeatureScaling;
import org.descent.nn.Loss;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.nn.ParameterLayout;
import org.descent.nn.Tie;
import org.descent.ps.train.DataBlock;
import org.descent.ps.train.Dataset;
import org.descent.ps.train.GradientSum;
import org.descent.ps.train.LocalTrainer;
import org.descent.ps.train.TrainingResult;
import org.descent.ps.train.TrainingSettings;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import scala.reflect.ClassTag$;

/**
 * The distributed step on a tied net is the local step: a run on the digits over 3 partitions gives
 * the local trainer's weights (within 1e-5 × max|w|, float summation order) and the same bits
 * twice. And what a task sends back is the owned parameters only, so the step moves fewer bytes.
 */
class TiedDistributedStepTest {
  @RegisterExtension
  static final LocalSpark SPARK =
      LocalSpark.withCores(2).withKryo(DescentKryoRegistrator.class.getName());

  private static final int P = 3;
  private static final long SEED = 42;

  /** 64 → 32 → 64 → 10: the second layer decodes with the first layer's matrix transposed. */
  static NetworkSpec tied() {
    return NetworkSpec.of(new int[] {64, 32, 64, 10}, Activation.TANH, Loss.SOFTMAX_CROSS_ENTROPY)
        .withTies(List.of(new Tie(1, 0, Tie.Mode.TRANSPOSE)));
  }

  @Test
  void distributedTiedRunEqualsTheLocalTrainerAndRepeatsBitForBit() throws IOException {
    Dataset[] parts = DistributedTrainerTest.digits().split(0.8, SEED);
    NetworkSpec spec = tied();
    TrainingSettings settings = new TrainingSettings(2, 64, SEED, true, 0);
    JavaRDD<DataBlock> rdd = DistributedTrainerTest.blocks(SPARK, parts[0], P);
    JavaRDD<DataBlock> val = DistributedTrainerTest.blocks(SPARK, parts[1], 2);
    DistributedTrainingResult first =
        new DistributedTrainer(
                new Network(spec), DistributedTrainerTest.server(spec, 0.01), settings)
            .train(rdd, val, null);
    DistributedTrainingResult second =
        new DistributedTrainer(
                new Network(spec), DistributedTrainerTest.server(spec, 0.01), settings)
            .train(rdd, val, null);
    TrainingResult local =
        new LocalTrainer(new Network(spec), DistributedTrainerTest.server(spec, 0.01), settings)
            .partitions(P)
            .train(parts[0], parts[1], FeatureScaling.none(1));

    DistributedTrainerTest.assertSameBits(first, second);
    float[] d = first.training().parameters();
    assertEquals(ParameterLayout.of(spec).size(), d.length);
    double scale = 0;
    double worst = 0;
    for (int i = 0; i < d.length; i++) {
      scale = Math.max(scale, Math.abs(local.parameters()[i]));
      worst = Math.max(worst, Math.abs(local.parameters()[i] - d[i]));
    }
    System.out.printf("tied net, distributed vs local: max |Δw| / max |w| = %.3g%n", worst / scale);
    assertTrue(worst <= 1e-5 * scale, "max |Δw| " + worst + " > 1e-5 × " + scale);
    for (int i = 0; i < local.stepLosses().length; i++) {
      assertEquals(
          local.stepLosses()[i],
          first.training().stepLosses()[i],
          1e-4 * local.stepLosses()[i],
          "loss of step " + (i + 1));
    }
    assertTrue(
        first.training().history().get(1).validationAccuracy() > 0.8,
        "learns: " + first.training().history());
  }

  @Test
  void aTaskResultOfATiedNetCarriesTheOwnedParametersOnly() {
    SerializerInstance kryo =
        new KryoSerializer(
                new SparkConf()
                    .set("spark.kryo.registrator", DescentKryoRegistrator.class.getName())
                    .set("spark.kryo.registrationRequired", "true"))
            .newInstance();
    NetworkSpec autoencoder =
        NetworkSpec.of(new int[] {784, 64, 784}, Activation.RELU, Loss.MEAN_SQUARED_ERROR);
    NetworkSpec tiedAutoencoder = autoencoder.withTies(List.of(new Tie(1, 0, Tie.Mode.TRANSPOSE)));
    long untiedBytes = serializedGradientBytes(kryo, autoencoder);
    long tiedBytes = serializedGradientBytes(kryo, tiedAutoencoder);
    int untiedParams = ParameterLayout.of(autoencoder).size();
    int tiedParams = ParameterLayout.of(tiedAutoencoder).size();
    System.out.printf(
        "784,64,784 autoencoder: a task's gradient sum is %,d bytes untied (%,d parameters),"
            + " %,d bytes tied (%,d parameters)%n",
        untiedBytes, untiedParams, tiedBytes, tiedParams);
    assertEquals(101_200, untiedParams);
    assertEquals(51_024, tiedParams);
    assertTrue(tiedBytes < 4L * tiedParams + 256, "tied: " + tiedBytes + " bytes");
    assertTrue(untiedBytes >= 4L * untiedParams, "untied: " + untiedBytes + " bytes");
  }

  @Test
  void aTiedSpecTravelsThroughKryoWithRegistrationRequired() {
    SerializerInstance kryo =
        new KryoSerializer(
                new SparkConf()
                    .set("spark.kryo.registrator", DescentKryoRegistrator.class.getName())
                    .set("spark.kryo.registrationRequired", "true"))
            .newInstance();
    NetworkSpec spec = tied();
    ByteBuffer b = kryo.serialize(spec, ClassTag$.MODULE$.apply(NetworkSpec.class));
    NetworkSpec back = kryo.deserialize(b, ClassTag$.MODULE$.apply(NetworkSpec.class));
    assertEquals(spec, back);
    assertEquals(spec.ties(), back.ties());
  }

  private static long serializedGradientBytes(SerializerInstance kryo, NetworkSpec spec) {
    ParameterLayout layout = ParameterLayout.of(spec);
    GradientSum sum = new GradientSum(layout.size(), layout.stateSize());
    ByteBuffer b = kryo.serialize(sum, ClassTag$.MODULE$.apply(GradientSum.class));
    GradientSum back = kryo.deserialize(b.duplicate(), ClassTag$.MODULE$.apply(GradientSum.class));
    assertArrayEquals(sum.gradient(), back.gradient());
    return b.remaining();
  }
}
