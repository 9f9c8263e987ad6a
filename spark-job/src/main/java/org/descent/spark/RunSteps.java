package org.descent.spark;

import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.descent.nn.NetworkSpec;
import org.descent.nn.ParameterLayout;
import org.descent.ps.ParameterServer;
import org.descent.ps.train.GradientSum;
import org.descent.ps.train.StepPath;

/**
 * A run's step path ({@link StepTransport}): opens each epoch's {@link EpochSteps}, and owns the
 * resident jobs' lifecycle. On the network transport one barrier job serves every epoch of the run:
 * its tasks wait on the executors, their buffers kept, while the driver validates, checkpoints and
 * decides whether to go on, and start the next epoch when the driver publishes its first step. That
 * saves a job's start (tens of milliseconds on a cluster) and the executors' step buffers (a few
 * megabytes, which G1 allocates as humongous objects) every epoch. Where something needs the task
 * slots between epochs — validation on the executors, a caller's {@code onEpoch} that runs Spark
 * jobs — and in local mode (whose other threads' jobs share the slots), a job per epoch instead.
 * One log line says which.
 *
 * <p>A job that failed (a lost executor) is replaced: at once, up to {@code spark.task.maxFailures}
 * − 1 times a run, when it fails during a step (a new job with a new exchange, which starts at the
 * step that was not applied and goes on through later epochs), or at the next {@link #open} when it
 * failed between epochs. Before a step's update its loss is checked: a NaN or infinite minibatch
 * loss ends the run with an error naming the step ({@link NonFiniteLossException}).
 */
final class RunSteps implements StepPath<StepRecord>, AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(DistributedTrainer.class);

  /** How long a relaunch waits for executor slots before it submits anyway. */
  private static final long RELAUNCH_WAIT_MILLIS = 120_000;

  private final JavaSparkContext sc;
  private final StepTransport transport;
  private final StepEndpoint endpoint;
  private final TrainingBlocks blocks;
  private final Broadcast<NetworkSpec> spec;
  private final String runId;
  private final GradientStep gradients;
  private final WeightsBroadcast weights;
  private final ParameterServer server;
  private final ParameterLayout layout;
  private final boolean pipelining;
  private final boolean wholeRun;
  private int relaunchesLeft;
  private EpochJob job;

  /**
   * The steps of a run on {@code transport}; {@code jobPerEpoch} says why the network transport
   * must free the slots between epochs (null: it need not, and one job serves the run). Opens the
   * driver's endpoint on {@code exchangePort} for the network transport.
   */
  RunSteps(
      JavaSparkContext sc,
      StepTransport transport,
      int exchangePort,
      String jobPerEpoch,
      TrainingBlocks blocks,
      Broadcast<NetworkSpec> spec,
      String runId,
      GradientStep gradients,
      WeightsBroadcast weights,
      ParameterServer server,
      ParameterLayout layout,
      boolean pipelining) {
    this.sc = sc;
    this.transport = transport;
    this.blocks = blocks;
    this.spec = spec;
    this.runId = runId;
    this.gradients = gradients;
    this.weights = weights;
    this.server = server;
    this.layout = layout;
    this.pipelining = pipelining;
    boolean network = transport == StepTransport.NETWORK;
    this.wholeRun = network && jobPerEpoch == null;
    if (transport != StepTransport.JOBS) {
      LOG.info(
          "steps run in resident tasks, one barrier job {} ({} exchange, {} partitions){}",
          wholeRun ? "for the whole run" : "per epoch",
          network ? "network" : "in-memory",
          blocks.rdd().getNumPartitions(),
          network && !wholeRun ? ": " + jobPerEpoch : "");
    }
    this.relaunchesLeft = sc.getConf().getInt("spark.task.maxFailures", 4) - 1;
    this.endpoint = network ? StepEndpoint.onDriver(exchangePort) : null;
  }

  /** Epoch {@code epoch}'s steps from {@code stepInEpoch}, relaunched if their tasks are lost. */
  @Override
  public StepPath.Epoch<StepRecord> open(int epoch, int stepInEpoch, long step) {
    return new Relaunching(epoch, epochSteps(epoch, stepInEpoch, step, System.nanoTime()));
  }

  /**
   * Epoch {@code epoch}'s steps from step {@code stepInEpoch} (global {@code step}, whose time
   * began at {@code startedAt}): a job per step; or resident tasks, of the run's job while it
   * lives, else of a job submitted now, waiting for their first step.
   */
  private EpochSteps epochSteps(int epoch, int stepInEpoch, long step, long startedAt) {
    if (transport == StepTransport.JOBS) {
      return new JobSteps(sc, gradients, weights, server, epoch, pipelining);
    }
    boolean network = transport == StepTransport.NETWORK;
    if (job != null && !job.live()) {
      if (!job.closed() && job.failed()) {
        LOG.warn(
            "the resident tasks failed between epochs: a new job starts epoch {} at step {} ({})",
            epoch,
            step + 1,
            String.valueOf(job.failure().getMessage()).lines().findFirst().orElse(""));
      }
      job.close();
      job = null;
    }
    EpochJob j = job != null ? job : submit(epoch, network);
    job = null;
    try {
      EpochSteps steps =
          new ResidentSteps(j, server, epoch, stepInEpoch, step, startedAt, network, wholeRun);
      job = wholeRun ? j : null; // else the epoch's steps own it
      return steps;
    } catch (RuntimeException e) {
      j.close();
      throw e;
    }
  }

  private EpochJob submit(int epoch, boolean network) {
    sc.setJobDescription(
        "descent epoch" + (wholeRun ? "s from " : " ") + epoch + " (resident step tasks)");
    int parts = blocks.rdd().getNumPartitions();
    ResidentExchange exchange;
    ResidentExchange.Meeting meeting;
    if (network) {
      NetworkExchange x = new NetworkExchange(parts, layout.size(), layout.stateSize());
      endpoint.serve(x);
      exchange = x;
      meeting = x.meeting(endpoint.host(), endpoint.port());
    } else {
      StepExchange x = StepExchange.open(parts);
      exchange = x;
      meeting = x.meeting();
    }
    int slots = StepTransport.slots(sc.sc());
    EpochTask task = new EpochTask(spec, blocks.plan(), runId, meeting);
    return new EpochJob(blocks.rdd(), exchange, task, parts >= slots, network);
  }

  /** The run's last epoch is done (or training stops early): its job's tasks return. */
  @Override
  public void finish() {
    if (job != null) {
      EpochJob j = job;
      job = null;
      j.finish();
    }
  }

  /** Ends what still runs (after an error: cancels it) and the driver's endpoint. */
  @Override
  public void close() {
    try {
      if (job != null) {
        job.close();
        job = null;
      }
    } finally {
      if (endpoint != null) {
        endpoint.close();
      }
    }
  }

  /**
   * An epoch's steps that checks each step's loss before its update and, when the resident tasks
   * fail during a step (a lost executor), relaunches them from that step, which was not applied.
   */
  private final class Relaunching implements StepPath.Epoch<StepRecord> {
    private final int epoch;
    private EpochSteps steps;

    Relaunching(int epoch, EpochSteps steps) {
      this.epoch = epoch;
      this.steps = steps;
    }

    @Override
    public StepRecord run(int stepInEpoch, long step, boolean more, Consumer<GradientSum> update) {
      Consumer<GradientSum> checked =
          sum -> {
            if (!Double.isFinite(sum.loss())) {
              throw NonFiniteLossException.at(
                  step + 1, epoch, sum.loss(), layout, server.weights());
            }
            update.accept(sum);
          };
      while (true) {
        try {
          return steps.run(stepInEpoch, step, more, checked);
        } catch (Exception failure) {
          // Spark's job failure is a checked SparkException thrown through Scala.
          if (!steps.relaunchable()
              || relaunchesLeft <= 0
              || String.valueOf(failure.getMessage()).contains("cancelled")) {
            throw failure;
          }
          relaunchesLeft--;
          StepLog.relaunch(step + 1, epoch, failure);
          EpochSteps failed = steps;
          steps = null;
          failed.close();
          // Spark checks a barrier stage's slots when it is submitted and, short of them, only
          // every 15 s: wait for the lost executor's replacement first.
          StepTransport.awaitSlots(sc.sc(), blocks.rdd().getNumPartitions(), RELAUNCH_WAIT_MILLIS);
          steps = epochSteps(epoch, stepInEpoch, step, System.nanoTime());
        }
      }
    }

    @Override
    public void close() {
      if (steps != null) {
        steps.close();
      }
    }
  }
}
