package org.descent.spark;

import static org.descent.spark.DistributedTrainerTest.mlp;
import static org.descent.spark.DistributedTrainerTest.server;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.network.client.TransportClientFactory;
import org.apache.spark.network.sasl.SecretKeyHolder;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.ps.train.DataBlock;
import org.descent.ps.train.Dataset;
import org.descent.ps.train.TrainingSettings;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The network step exchange ({@code train.stepTransport=network}), run in local mode over loopback
 * with Spark's authentication and encryption on: resident tasks that reach the driver through the
 * {@link StepEndpoint} give the same bits as the in-memory exchange and as a job per step, on 2 and
 * 4 partitions (where the tree sum differs from a left-to-right one), and the endpoint refuses a
 * peer without the application's secret.
 */
class NetworkExchangeTest {
  @RegisterExtension
  static final LocalSpark SPARK =
      LocalSpark.withCores(4)
          .withKryo(DescentKryoRegistrator.class.getName())
          .set("spark.authenticate", "true")
          .set("spark.network.crypto.enabled", "true");

  private static final long SEED = 42;

  private static Dataset train;

  @BeforeAll
  static void readDigits() throws IOException {
    train = DistributedTrainerTest.digits().split(0.8, SEED)[0];
  }

  private static DistributedTrainingResult run(JavaRDD<DataBlock> rdd, String transport) {
    NetworkSpec spec = mlp();
    return new DistributedTrainer(
            new Network(spec),
            server(spec, "adam", 0.01),
            new TrainingSettings(2, 64, SEED, true, 0))
        .stepTransport(transport)
        .train(rdd, null, null);
  }

  @Test
  void networkMemoryAndJobsGiveTheSameBits() throws InterruptedException {
    for (int partitions : new int[] {2, 4}) {
      JavaRDD<DataBlock> rdd = DistributedTrainerTest.blocks(SPARK, train, partitions);
      DistributedTrainingResult network = run(rdd, "network");
      DistributedTrainingResult memory = run(rdd, "memory");
      DistributedTrainingResult jobs = run(rdd, "jobs");
      DistributedTrainerTest.assertSameBits(jobs, network);
      DistributedTrainerTest.assertSameBits(memory, network);
      assertEquals(2 * ((train.rows() + 63) / 64), network.steps().size());
      for (StepRecord r : network.steps()) {
        assertTrue(r.computeNanos() > 0 && r.updateNanos() > 0, "" + r);
        DistributedTrainerTest.assertPartsAddUp(r);
      }
      rdd.unpersist(true);
    }
    assertEquals(0, ExecutorSteps.openCount(), "executor ends left open");
    DistributedTrainerTest.assertNoActiveJobs(SPARK, "a resident job still runs");
  }

  @Test
  void theTreeSumDiffersFromALeftToRightSumOnFourPartitions() {
    // What the 4-partition case above pins: with (r0 + r1) + (r2 + r3) the bits are not those of
    // ((r0 + r1) + r2) + r3, so an exchange that summed in arrival or index order would differ.
    PartitionResult[] r = new PartitionResult[4];
    float[] v = {1e8f, 1f, -1e8f, 1f};
    for (int i = 0; i < 4; i++) {
      r[i] = new PartitionResult(1, 0).reset(i);
      r[i].sum().gradient()[0] = v[i];
    }
    float leftToRight = ((v[0] + v[1]) + v[2]) + v[3];
    float tree = PartitionTree.sum(r).sum().gradient()[0];
    assertEquals((v[0] + v[1]) + (v[2] + v[3]), tree);
    assertTrue(tree != leftToRight, tree + " vs " + leftToRight);
  }

  @Test
  void theEndpointAnswersAnAuthenticatedPeerAndRefusesOthers() throws Exception {
    SparkEnv env = SparkEnv.get();
    try (StepEndpoint endpoint = StepEndpoint.onDriver(0)) {
      NetworkExchange x = new NetworkExchange(1, 3, 0);
      endpoint.serve(x);
      x.publish(1, 0, 7, new float[] {1f, 2f, 3f});
      ByteBuffer hello = ExchangeMessages.hello(x.id());

      // An executor's end with the application's secret: says hello, gets the weights pushed.
      ResidentExchange.TaskEnd task =
          ExecutorSteps.join(x.id(), endpoint.host(), endpoint.port(), new boolean[] {true}, 3, 0);
      ResidentExchange.Published got = task.next(-1);
      assertEquals(7, got.step());
      assertArrayEquals(new float[] {1f, 2f, 3f}, got.weights());
      task.leave();

      try (TransportClientFactory none = StepEndpoint.clientFactory(env.conf(), null)) {
        assertThrows(
            Exception.class,
            () ->
                none.createClient(endpoint.host(), endpoint.port())
                    .sendRpcSync(hello.duplicate(), 10_000),
            "a peer without the secret got an answer");
      }

      SecretKeyHolder wrong =
          new SecretKeyHolder() {
            @Override
            public String getSaslUser(String appId) {
              return "sparkSaslUser";
            }

            @Override
            public String getSecretKey(String appId) {
              return "not-the-application-secret";
            }
          };
      try (TransportClientFactory impostor = StepEndpoint.clientFactory(env.conf(), wrong)) {
        assertThrows(
            Exception.class,
            () ->
                impostor
                    .createClient(endpoint.host(), endpoint.port())
                    .sendRpcSync(hello.duplicate(), 10_000),
            "a peer with a wrong secret got an answer");
      }
      x.end();
    }
  }

  @Test
  void anExecutorSendsOnePartialSumForAllItsTasks() throws Exception {
    int partitions = 4;
    try (StepEndpoint endpoint = StepEndpoint.onDriver(0)) {
      NetworkExchange x = new NetworkExchange(partitions, 3, 0);
      endpoint.serve(x);
      boolean[] hosted = {true, true, true, true};
      ResidentExchange.TaskEnd[] tasks = new ResidentExchange.TaskEnd[partitions];
      for (int p = 0; p < partitions; p++) {
        tasks[p] = ExecutorSteps.join(x.id(), endpoint.host(), endpoint.port(), hosted, 3, 0);
      }
      PartitionResult[] expected = new PartitionResult[partitions];
      for (int step = 0; step < 3; step++) {
        // Epochs of two steps in one exchange, as one job serves a whole run.
        x.publish(1 + step / 2, step % 2, step, new float[] {step, 1f, 2f});
        for (int p = 0; p < partitions; p++) {
          ResidentExchange.Published got = tasks[p].next(step - 1);
          assertEquals(step, got.step());
          assertEquals(1 + step / 2, got.epoch());
          assertEquals(step % 2, got.stepInEpoch());
          assertArrayEquals(new float[] {step, 1f, 2f}, got.weights());
          PartitionResult r = new PartitionResult(3, 0).reset(p);
          r.sum().gradient()[0] = (p + 1) * 1e7f;
          r.sum().gradient()[1] = p == 2 ? -1e7f : 1f;
          r.sum().addLoss(p, 1, 1);
          expected[p] = r.copy();
          tasks[p].hand(step, p, r, 1);
        }
        PartitionResult sum = x.awaitSum(() -> true);
        assertArrayEquals(PartitionTree.sum(expected).sum().gradient(), sum.sum().gradient());
        assertEquals(4, sum.sum().rows());
      }
      assertEquals(3, x.requests(), "one request a step from the one executor");
      assertEquals(3, x.partials(), "its four partitions summed into one partial a step");
      x.end();
      assertEquals(null, tasks[0].next(2), "the epoch's end reaches the tasks");
      for (ResidentExchange.TaskEnd t : tasks) {
        t.leave();
      }
      assertEquals(0, ExecutorSteps.openCount());
    }
  }

  @Test
  void theDriverReadsExecutorsOnAsManyThreadsAsSparksRpcAndEachExecutorOnOne() {
    org.apache.spark.SparkConf conf = new org.apache.spark.SparkConf(false);
    int cores = Math.min(8, Runtime.getRuntime().availableProcessors());
    assertEquals(cores, StepEndpoint.serverConf(conf).serverThreads());
    assertEquals(1, StepEndpoint.clientConf(conf).clientThreads());
    conf.set("spark.rpc.io.serverThreads", "3");
    assertEquals(3, StepEndpoint.serverConf(conf).serverThreads(), "the user's setting wins");
  }
}
