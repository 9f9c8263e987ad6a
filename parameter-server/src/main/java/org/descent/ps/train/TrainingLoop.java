package org.descent.ps.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.LongToDoubleFunction;
import org.descent.nn.Network;
import org.descent.nn.ParameterLayout;
import org.descent.ps.ParameterServer;

/**
 * The training policy, written once for every trainer: epochs of steps, the update, per-epoch
 * metrics, early stopping with the best epoch's weights, checkpoints, resuming, progress listeners.
 * Where a step's gradient is computed is the {@link StepPath}'s business (in this process for
 * {@link LocalTrainer}, Spark tasks for the distributed trainer); everything else happens here, so
 * the trainers cannot drift apart.
 *
 * <p>Per epoch: each of the plan's steps runs on the path; its {@link GradientSum} is applied by
 * the {@link ParameterServer} (batch-norm statistics merged first, the gradient divided by the
 * rows' total weight there and only there). After the last step comes validation (if any), the
 * epoch's {@link EpochMetrics}, the epoch listener and {@link BestWeights}, which decides whether
 * to stop.
 *
 * <p><b>Steps without weight.</b> A step whose rows weigh nothing in total — no rows at all (a late
 * step of an epoch when partitions are smaller than the epoch's steps) or rows that all weigh 0 —
 * is skipped: no update (the optimiser's step count, hence the learning-rate schedule and its
 * warm-up, counts updates only), no step loss, no step record. It still counts as a global step, so
 * seeds and checkpoint cadence depend only on the plan. Recording it (with a loss of 0/0 = NaN)
 * would put a NaN into every loss curve and smoothing for a step that trained nothing.
 *
 * <p><b>Epoch loss.</b> Σ w·ℓ over the epoch's rows divided by their total weight Σ w (the row
 * count when rows are unweighted), at the weights each row's step saw.
 *
 * <p><b>Checkpoints.</b> With {@link #checkpointEvery} k &gt; 0, after every global step that is a
 * multiple of k (empty steps included), after that step's update.
 *
 * @param <R> what the step path reports per step, handed to {@link #onStep}
 */
public final class TrainingLoop<R> {
  private final ParameterServer server;
  private final ParameterLayout layout;
  private final TrainingSettings settings;
  private final boolean classifier;
  private EarlyStopMetric earlyStopMetric = EarlyStopMetric.LOSS;
  private double earlyStopTol;
  private IntFunction<Evaluation> validation = epoch -> null;
  private Consumer<EpochMetrics> onEpoch = m -> {};
  private Consumer<R> onStep = r -> {};
  private int checkpointEvery;
  private Consumer<LoopState> onCheckpoint = c -> {};
  private LoopState resume;
  private LongToDoubleFunction learningRate;
  private BooleanSupplier done = () -> false;

  /** A loop that trains {@code network}'s weights held by {@code server}. */
  public TrainingLoop(Network network, ParameterServer server, TrainingSettings settings) {
    this.server = server;
    this.layout = network.layout();
    this.settings = settings;
    this.classifier = network.spec().loss().isClassification();
  }

  /** Early stopping watches {@code metric}; a gain of {@code tol} or less is none (loss, 0). */
  public TrainingLoop<R> earlyStopping(EarlyStopMetric metric, double tol) {
    this.earlyStopMetric = metric;
    this.earlyStopTol = tol;
    return this;
  }

  /**
   * Evaluates the server's current weights after epoch {@code e}'s steps: {@code e ->} an {@link
   * Evaluation}, or null when there are no validation rows (the default).
   */
  public TrainingLoop<R> validation(IntFunction<Evaluation> evaluate) {
    this.validation = evaluate;
    return this;
  }

  /** Called after every epoch's metrics, before early stopping decides. */
  public TrainingLoop<R> onEpoch(Consumer<EpochMetrics> listener) {
    this.onEpoch = listener;
    return this;
  }

  /** Called with every step's record, after its update; not for steps without weight. */
  public TrainingLoop<R> onStep(Consumer<R> listener) {
    this.onStep = listener;
    return this;
  }

  /**
   * Hands the loop's state to {@code sink} after every {@code steps}-th global step (0 = never).
   */
  public TrainingLoop<R> checkpointEvery(int steps, Consumer<LoopState> sink) {
    if (steps < 0) {
      throw new IllegalArgumentException("checkpoint interval must be ≥ 0, got " + steps);
    }
    this.checkpointEvery = steps;
    this.onCheckpoint = sink;
    return this;
  }

  /**
   * Continues from {@code state} (a checkpoint's), with the server restored from the same
   * checkpoint: the run goes on as if it had never stopped.
   */
  public TrainingLoop<R> resumeFrom(LoopState state) {
    this.resume = state;
    return this;
  }

  /**
   * Update t (the server's 1-based step) uses {@code rate.applyAsDouble(t)} in place of the
   * configured schedule's rate: the learning-rate range test's ramp, which no schedule gives.
   */
  public TrainingLoop<R> learningRate(LongToDoubleFunction rate) {
    this.learningRate = rate;
    return this;
  }

  /**
   * Ends the run before the next step once {@code condition} holds (checked before every step): the
   * epoch under way is left unfinished — no validation, metrics or early-stopping decision for it.
   * For runs measured in steps rather than epochs (the learning-rate range test).
   */
  public TrainingLoop<R> until(BooleanSupplier condition) {
    this.done = condition;
    return this;
  }

  /**
   * Trains on {@code path}: {@code stepsPerEpoch} steps an epoch over training rows of total weight
   * {@code rowWeight} (the divisor of the epoch loss).
   */
  public TrainingResult run(StepPath<R> path, long stepsPerEpoch, double rowWeight) {
    List<EpochMetrics> history = new ArrayList<>();
    List<Double> stepLosses = new ArrayList<>();
    BestWeights best =
        resume == null
            ? new BestWeights(server, settings.patience(), earlyStopMetric, earlyStopTol)
            : new BestWeights(
                server, settings.patience(), earlyStopMetric, earlyStopTol, resume.best());
    long step = resume == null ? 0 : resume.step();
    int firstEpoch = resume == null ? 1 : resume.epoch();
    if (resume != null) {
      history.addAll(resume.history());
    }
    boolean stop = false;
    for (int epoch = firstEpoch;
        epoch <= settings.epochs() && !stop && !done.getAsBoolean();
        epoch++) {
      long start = System.nanoTime();
      boolean resumed = resume != null && epoch == firstEpoch;
      int s = resumed ? resume.stepInEpoch() : 0;
      StepTotals totals = new StepTotals(resumed ? resume.epochLossSum() : 0);
      if (s < stepsPerEpoch) { // a checkpoint at an epoch's last step resumes at its validation
        try (StepPath.Epoch<R> steps = path.open(epoch, s, step)) {
          for (; s < stepsPerEpoch; s++, step++) {
            if (done.getAsBoolean()) {
              break;
            }
            totals.stepWeight = 0;
            R record = steps.run(s, step, s + 1 < stepsPerEpoch, totals::update);
            if (totals.stepWeight > 0) {
              totals.epochLossSum += totals.stepLoss;
              stepLosses.add(totals.stepLoss / totals.stepWeight);
              onStep.accept(record);
            }
            if (checkpointEvery > 0 && (step + 1) % checkpointEvery == 0) {
              onCheckpoint.accept(
                  new LoopState(
                      step + 1,
                      epoch,
                      s + 1,
                      stepsPerEpoch,
                      totals.epochLossSum,
                      best.saved(),
                      List.copyOf(history)));
            }
          }
        }
      }
      if (s < stepsPerEpoch) {
        break; // ended by the until condition, mid-epoch
      }
      Evaluation val = validation.apply(epoch);
      EpochMetrics m =
          EpochMetrics.of(
              epoch,
              stepsPerEpoch,
              totals.epochLossSum / rowWeight,
              val,
              classifier,
              (System.nanoTime() - start) / 1e9);
      history.add(m);
      onEpoch.accept(m);
      stop = best.afterEpoch(epoch, val);
    }
    path.finish();
    BestWeights.Saved kept = best.saved();
    return new TrainingResult(
        kept.parameters(),
        kept.layerState(),
        kept.epoch(),
        stop,
        List.copyOf(history),
        stepLosses.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /**
   * One epoch's running Σ wℓ, and the last update's Σ wℓ and Σ w (a step path that relaunches a
   * failed step may call the update again; the last call is the step's).
   */
  private final class StepTotals {
    double epochLossSum;
    double stepLoss;
    double stepWeight;

    StepTotals(double epochLossSum) {
      this.epochLossSum = epochLossSum;
    }

    /** The update, the same for every path; a step without weight changes nothing. */
    void update(GradientSum sum) {
      stepLoss = sum.loss();
      stepWeight = sum.weight();
      if (stepWeight > 0) {
        server.mergeBatchNormStatistics(sum.batchNormStatistics(layout));
        if (learningRate == null) {
          server.apply(sum.ownGradient(), sum.gradientAddend(), stepWeight);
        } else {
          double lr = learningRate.applyAsDouble(server.step() + 1);
          server.apply(sum.ownGradient(), sum.gradientAddend(), stepWeight, lr);
        }
      }
    }
  }
}
