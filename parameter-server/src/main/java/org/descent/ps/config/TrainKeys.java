package org.descent.ps.config;

import java.util.List;
import org.descent.ps.FlatConfig.Range;

/**
 * The {@code train.*} keys: epochs, batches, seeds, early stopping, partitions, step transport and
 * checkpoints. Declared once here; {@link ConfigKeys} lists them in order.
 */
public final class TrainKeys {
  private TrainKeys() {}

  public static final ConfigKey<Integer> EPOCHS =
      ConfigKey.whole("train.epochs", 20, 1, "epochs", "Maximum passes over the training rows.");

  public static final ConfigKey<Integer> BATCH_SIZE =
      ConfigKey.whole(
          "train.batchSize",
          128,
          1,
          "rows",
          "Rows per minibatch (the global batch); at least the number of " + "partitions.");

  public static final ConfigKey<Long> SEED =
      ConfigKey.wholeLong(
          "train.seed", 42, "Seed of initial weights, splits, shuffling and dropout masks.");

  public static final ConfigKey<Boolean> SHUFFLE =
      ConfigKey.flag("train.shuffle", true, "Visit the rows in a fresh seeded order every epoch.");

  public static final ConfigKey<Integer> PATIENCE =
      ConfigKey.whole(
          "train.patience",
          0,
          0,
          "epochs",
          "Stop after this many epochs without a better validation "
              + "train.earlyStopMetric (by more than train.earlyStopTol); 0 = never "
              + "stop early. The weights of the best epoch are the result.");

  public static final ConfigKey<String> EARLY_STOP_METRIC =
      ConfigKey.choice(
          "train.earlyStopMetric",
          "loss",
          List.of("loss", "accuracy", "f1", "rmse"),
          "The validation metric early stopping watches and the best epoch is "
              + "chosen by: loss (any head), accuracy or f1 (class-weighted F1, as "
              + "MLlib's evaluator; classifiers), rmse (regressors).");

  public static final ConfigKey<Double> EARLY_STOP_TOL =
      ConfigKey.number(
          "train.earlyStopTol",
          "0",
          Range.NON_NEGATIVE,
          "The least gain of train.earlyStopMetric (in its own units, e.g. 0.001 "
              + "= 0.1 accuracy point) that resets train.patience; smaller gains still "
              + "count as epochs without progress.");

  public static final ConfigKey<Integer> PARTITIONS =
      ConfigKey.whole(
          "train.partitions",
          0,
          0,
          "Spark partitions of the training data; 0 = as read (file splits).");

  public static final ConfigKey<Integer> AGGREGATION_DEPTH =
      ConfigKey.whole(
          "train.aggregationDepth",
          2,
          1,
          "tree levels",
          "Depth of the ordered tree that sums partition gradients on the way to "
              + "the driver, on clusters (local mode and few partitions: one stage, "
              + "summed as results arrive).");

  public static final ConfigKey<Integer> LOG_EVERY =
      ConfigKey.whole(
          "train.logEvery", 50, 0, "steps", "Log a progress line every this many steps.");

  public static final ConfigKey<String> STEP_TRANSPORT =
      ConfigKey.choice(
          "train.stepTransport",
          "auto",
          List.of("auto", "jobs", "memory", "network"),
          "How steps reach the tasks: auto (resident tasks in a barrier job where"
              + " every partition has a task slot: in memory in local mode, a job per "
              + "epoch; over Spark's authenticated network transport on a cluster, one "
              + "job for the whole run unless validation runs on the executors; else a "
              + "Spark job per step), jobs, memory (local mode) or network.");

  public static final ConfigKey<Integer> EXCHANGE_PORT =
      ConfigKey.whole(
          "train.exchangePort",
          0,
          0,
          "TCP port",
          "The driver's port for the network step exchange that executors connect"
              + " to; 0 = any free port.");

  public static final ConfigKey<Integer> CHECKPOINT_EVERY =
      ConfigKey.whole(
          "train.checkpointEvery",
          0,
          0,
          "steps",
          "Write a checkpoint (parameter server + trainer position) every this "
              + "many steps; 0 = off.");

  public static final ConfigKey<Integer> CHECKPOINT_KEEP =
      ConfigKey.whole(
          "train.checkpointKeep",
          3,
          1,
          "checkpoints",
          "Keep only the newest this many checkpoints of the current run.");

  public static final ConfigKey<String> CHECKPOINT_DIR =
      ConfigKey.text(
          "train.checkpointDir",
          "",
          "Checkpoint directory (any Hadoop URI); empty = checkpoints/ under "
              + "--out. One run per directory: a new run refuses another run's "
              + "checkpoints unless --overwrite.");

  /** Every key of this section, in the order of the defaults file. */
  static final List<ConfigKey<?>> ALL =
      List.of(
          EPOCHS,
          BATCH_SIZE,
          SEED,
          SHUFFLE,
          PATIENCE,
          EARLY_STOP_METRIC,
          EARLY_STOP_TOL,
          PARTITIONS,
          AGGREGATION_DEPTH,
          LOG_EVERY,
          STEP_TRANSPORT,
          EXCHANGE_PORT,
          CHECKPOINT_EVERY,
          CHECKPOINT_KEEP,
          CHECKPOINT_DIR);
}
