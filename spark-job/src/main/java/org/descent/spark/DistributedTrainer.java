package org.descent.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.descent.io.Checkpoint;
import org.descent.nn.FeatureScaling;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.ps.FlatConfig;
import org.descent.ps.InvalidConfigException;
import org.descent.ps.ParameterServer;
import org.descent.ps.config.TrainKeys;
import org.descent.ps.train.DataBlock;
import org.descent.ps.train.EarlyStopMetric;
import org.descent.ps.train.EpochMetrics;
import org.descent.ps.train.LocalTrainer;
import org.descent.ps.train.TrainingLoop;
import org.descent.ps.train.TrainingResult;
import org.descent.ps.train.TrainingSettings;

/**
 * Synchronous data-parallel training on Spark: every step, every partition runs {@link
 * org.descent.ps.train.PartitionStep} on its {@link DataBlock} (the step {@link LocalTrainer} runs
 * per block) at the parameter server's weights, the gradient sums are added in one fixed order
 * ({@link PartitionTree}), and the {@link ParameterServer} updates. Same plan, seeds, metrics and
 * early stopping as {@link LocalTrainer#partitions(int)} with as many partitions, so both give the
 * same weights up to float summation order; two runs with the same seed and partitioning give
 * identical weights, on any master and any step path.
 *
 * <p>How a step reaches the tasks is chosen once per run ({@link StepTransport}, {@code
 * train.stepTransport}): where every partition has a task slot, resident tasks in a barrier job
 * meet the driver every step in memory (local mode, a job per epoch) or over Spark's authenticated
 * network transport (a cluster, one job for the whole run where nothing needs the slots between
 * epochs: {@link RunSteps}); otherwise a Spark job per step. The training policy (epochs, the
 * update, metrics, early stopping, checkpoints, resume) is {@link TrainingLoop}'s, the same as
 * {@link LocalTrainer}'s; this class sets up the step path for it ({@link RunSteps}, which also
 * relaunches resident tasks that fail on a cluster from the step that was not applied) and the
 * validation on Spark ({@link DistributedEvaluator}).
 */
public final class DistributedTrainer {
  private final Network network;
  private final ParameterServer server;
  private final TrainingSettings settings;
  private int depth = Integer.parseInt(TrainKeys.AGGREGATION_DEPTH.defaultText());
  private int logEvery = Integer.parseInt(TrainKeys.LOG_EVERY.defaultText());
  private Consumer<EpochMetrics> onEpoch = m -> {};
  private Consumer<StepRecord> onStep = r -> {};
  private Consumer<Broadcast<float[]>> onBroadcast = b -> {};
  private int checkpointEvery;
  private Consumer<Checkpoint> onCheckpoint = c -> {};
  private Checkpoint resume;
  private boolean pipelining = true;
  private String stepTransport = "auto";
  private int exchangePort;
  private EarlyStopMetric earlyStopMetric = EarlyStopMetric.LOSS;
  private double earlyStopTol;
  private boolean freeSlotsBetweenEpochs;
  private DistributedEvaluator.Placement validationPlacement = DistributedEvaluator.Placement.AUTO;

  public DistributedTrainer(Network network, ParameterServer server, TrainingSettings settings) {
    this.network = network;
    this.server = server;
    this.settings = settings;
  }

  /**
   * Reads the aggregation depth, progress cadence, step transport and exchange port ({@link
   * TrainKeys}) and the early-stopping metric.
   */
  public DistributedTrainer configure(FlatConfig conf) {
    aggregationDepth(TrainKeys.AGGREGATION_DEPTH.read(conf));
    stepTransport(TrainKeys.STEP_TRANSPORT.read(conf));
    exchangePort(TrainKeys.EXCHANGE_PORT.read(conf));
    earlyStopping(
        EarlyStopMetric.of(conf, network.spec().loss().isClassification()),
        EarlyStopMetric.tol(conf));
    return logEvery(TrainKeys.LOG_EVERY.read(conf));
  }

  public DistributedTrainer aggregationDepth(int treeDepth) {
    if (treeDepth < 1) {
      throw new IllegalArgumentException(
          TrainKeys.AGGREGATION_DEPTH + " must be ≥ 1, got " + treeDepth);
    }
    this.depth = treeDepth;
    return this;
  }

  /**
   * Early stopping watches {@code metric} on the validation rows; a gain of {@code tol} or less
   * counts towards the patience (default: the loss, tol 0).
   */
  public DistributedTrainer earlyStopping(EarlyStopMetric metric, double tol) {
    if (!(tol >= 0) || Double.isInfinite(tol)) {
      throw new IllegalArgumentException(EarlyStopMetric.TOL_KEY + " must be ≥ 0, got " + tol);
    }
    this.earlyStopMetric = metric;
    this.earlyStopTol = tol;
    return this;
  }

  public DistributedTrainer logEvery(int steps) {
    if (steps < 0) {
      throw new IllegalArgumentException(TrainKeys.LOG_EVERY + " must be ≥ 0, got " + steps);
    }
    this.logEvery = steps;
    return this;
  }

  /**
   * Called after every epoch, e.g. to print progress. On a cluster the resident tasks keep their
   * task slots between epochs; a listener that runs Spark jobs needs {@link
   * #freeSlotsBetweenEpochs}.
   */
  public DistributedTrainer onEpoch(Consumer<EpochMetrics> listener) {
    this.onEpoch = listener;
    return this;
  }

  /**
   * Whether resident tasks free their task slots between epochs (a barrier job per epoch), so that
   * {@link #onEpoch} may run Spark jobs; off by default: on a cluster one job serves the run.
   */
  public DistributedTrainer freeSlotsBetweenEpochs(boolean free) {
    this.freeSlotsBetweenEpochs = free;
    return this;
  }

  /** Where validation runs (default: by size, {@link DistributedEvaluator}); tests force it. */
  DistributedTrainer validationPlacement(DistributedEvaluator.Placement placement) {
    this.validationPlacement = placement;
    return this;
  }

  /**
   * Called after every step, e.g. to write metrics.jsonl. Resident tasks may hold every task slot
   * meanwhile; a Spark job the listener starts then fails at once with a message that says so
   * ({@link SlotGuard}), since it could never run.
   */
  public DistributedTrainer onStep(Consumer<StepRecord> listener) {
    this.onStep = listener;
    return this;
  }

  /**
   * Hands a {@link Checkpoint} to {@code sink} after every {@code steps}-th step's update (0 =
   * never), e.g. to {@link org.descent.io.CheckpointStore#write}.
   */
  public DistributedTrainer checkpointEvery(int steps, Consumer<Checkpoint> sink) {
    if (steps < 0) {
      throw new IllegalArgumentException("train.checkpointEvery must be ≥ 0, got " + steps);
    }
    this.checkpointEvery = steps;
    this.onCheckpoint = sink;
    return this;
  }

  /**
   * Continues from {@code checkpoint}: the parameter server given to the constructor must be the
   * one restored from its snapshot; training resumes at its epoch and step with its early-stopping
   * state and history, giving the same weights as a run that was never interrupted.
   */
  public DistributedTrainer resumeFrom(Checkpoint checkpoint) {
    this.resume = checkpoint;
    return this;
  }

  /**
   * Whether, in local mode, each step's successor job is submitted before the update (on by
   * default; the weights are the same either way). Tests compare both.
   */
  DistributedTrainer pipelining(boolean on) {
    this.pipelining = on;
    return this;
  }

  /**
   * How steps reach the tasks ({@code train.stepTransport}): {@code auto} (the default: resident
   * tasks wherever every partition has a task slot, in memory in local mode and over the network on
   * a cluster, else a job per step), {@code jobs}, {@code memory} (local mode) or {@code network}
   * (also in local mode, over loopback: for tests). All give the same bits.
   */
  public DistributedTrainer stepTransport(String transport) {
    if (!java.util.Set.of("auto", "jobs", "memory", "network").contains(transport)) {
      throw new InvalidConfigException(
          TrainKeys.STEP_TRANSPORT.name(),
          TrainKeys.STEP_TRANSPORT
              + " must be auto, jobs, memory or network, got '"
              + transport
              + "'");
    }
    this.stepTransport = transport;
    return this;
  }

  /** The driver's port for the network exchange ({@code train.exchangePort}); 0 = any free port. */
  public DistributedTrainer exchangePort(int port) {
    if (port < 0 || port > 65535) {
      throw new InvalidConfigException(
          TrainKeys.EXCHANGE_PORT.name(),
          TrainKeys.EXCHANGE_PORT + " must be a port number (0 = any), got " + port);
    }
    this.exchangePort = port;
    return this;
  }

  /**
   * True when an epoch over {@code blocks} can run as one job of resident tasks on its master: in
   * local mode with at least as many task slots as partitions and no task retries, on a cluster
   * with as many free executor slots and no dynamic allocation; no {@code coalesce} or {@code
   * union} since the last shuffle (what Spark's barrier mode requires).
   */
  public static boolean residentTasksPossible(JavaRDD<DataBlock> blocks) {
    return StepTransport.residentBlocker(blocks.rdd(), StepTransport.localMode()) == null;
  }

  /** Called with every new weights broadcast (tests check the previous ones are destroyed). */
  DistributedTrainer onWeightsBroadcast(Consumer<Broadcast<float[]>> listener) {
    this.onBroadcast = listener;
    return this;
  }

  /**
   * Trains on {@code train} (one {@link DataBlock} per partition, cached by the caller), validating
   * on {@code validation} (may be null) after every epoch. Targets are in original units, as for
   * {@link LocalTrainer#train}; {@code targetScaling} (null = none) maps them to the training
   * scale.
   *
   * @throws NonFiniteLossException naming the step whose minibatch loss was NaN or infinite
   * @throws org.descent.ps.NonFiniteGradientException naming the step and layer
   */
  public DistributedTrainingResult train(
      JavaRDD<DataBlock> train, JavaRDD<DataBlock> validation, FeatureScaling targetScaling) {
    NetworkSpec spec = network.spec();
    FeatureScaling scaling = TrainingBlocks.targetScalingOrNone(spec, targetScaling);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(train.context());
    String runId = UUID.randomUUID().toString();
    List<StepRecord> steps = new ArrayList<>();
    StepLog log = new StepLog(logEvery);
    Broadcast<NetworkSpec> specBroadcast = sc.broadcast(spec);
    sc.setJobDescription("descent: checking the training blocks");
    try (TrainingBlocks blocks = TrainingBlocks.prepare(train, spec, scaling, settings);
        WeightsBroadcast weights = new WeightsBroadcast(sc, onBroadcast)) {
      GradientStep gradients =
          GradientStep.of(blocks.rdd(), specBroadcast, blocks.plan(), runId, depth);
      DistributedEvaluator evaluator =
          validation == null
              ? null
              : new DistributedEvaluator(
                      validation,
                      specBroadcast,
                      runId,
                      scaling,
                      // the confusion counts: F1 in every epoch's metrics, and to stop on
                      spec.loss().isClassification())
                  .placement(validationPlacement);
      long perEpoch = blocks.plan().stepsPerEpoch();
      TrainingLoop<StepRecord> loop =
          new TrainingLoop<StepRecord>(network, server, settings)
              .earlyStopping(earlyStopMetric, earlyStopTol)
              .validation(
                  epoch -> {
                    sc.setJobDescription("descent validation (epoch " + epoch + ")");
                    return evaluator == null
                        ? null
                        : evaluator.evaluate(
                            server.weights(), server.layerState(), () -> weights.of(server));
                  })
              .onEpoch(onEpoch)
              .onStep(
                  r -> {
                    steps.add(r);
                    log.record(r);
                    onStep.accept(r);
                  })
              .checkpointEvery(
                  checkpointEvery,
                  state -> onCheckpoint.accept(Checkpoint.of(state, server.snapshot())));
      if (resume != null) {
        if (resume.stepsPerEpoch() != perEpoch) {
          throw new InvalidConfigException(
              "--resume",
              "--resume: the checkpoint was taken with "
                  + resume.stepsPerEpoch()
                  + " steps per epoch, this run has "
                  + perEpoch
                  + " (same data, train.batchSize and train.partitions needed)");
        }
        loop.resumeFrom(resume.loopState());
      }
      StepTransport transport = StepTransport.choose(stepTransport, blocks.rdd().rdd());
      String jobPerEpoch =
          transport != StepTransport.NETWORK
              ? null
              : freeSlotsBetweenEpochs
                  ? "the caller frees the slots between epochs"
                  : evaluator != null && !evaluator.placeNow()
                      ? "validation runs on the executors, a Spark job after each epoch"
                      : null;
      try (RunSteps paths =
          new RunSteps(
              sc,
              transport,
              exchangePort,
              jobPerEpoch,
              blocks,
              specBroadcast,
              runId,
              gradients,
              weights,
              server,
              network.layout(),
              pipelining)) {
        // The loop ends the run's job when training ends (the last epoch, or early stopping).
        TrainingResult result = loop.run(paths, perEpoch, blocks.weight());
        return new DistributedTrainingResult(result, List.copyOf(steps));
      }
    } finally {
      specBroadcast.destroy();
      sc.setJobDescription(null);
    }
  }
}
