package org.descent.config;

import java.util.Map;
import java.util.TreeMap;
import org.descent.ps.FlatConfig;
import org.descent.ps.train.TrainingSettings;

/** Builds the {@link TrainingSettings} from the {@code train.*} keys, validated. */
public final class TrainConfig {
  private TrainConfig() {}

  public static TrainingSettings settings(Configuration conf) {
    return settings(conf.flat());
  }

  /**
   * The training settings; refuses a global batch smaller than an explicit {@code train.partitions}
   * ({@link #checkBatchCoversPartitions}).
   */
  public static TrainingSettings settings(FlatConfig flat) {
    TrainingSettings settings =
        new TrainingSettings(
            (int) flat.whole("train.epochs", 20, 1),
            (int) flat.whole("train.batchSize", 128, 1),
            flat.whole("train.seed", 42, Long.MIN_VALUE),
            flat.flag("train.shuffle", true),
            (int) flat.whole("train.patience", 0, 0));
    int partitions = (int) flat.whole("train.partitions", 0, 0);
    if (partitions > 0) {
      checkBatchCoversPartitions(settings.batchSize(), partitions, "train.partitions=");
    }
    return settings;
  }

  /**
   * A step splits the global batch over the partitions in proportion to their rows; with fewer rows
   * in the batch than partitions some partitions get none in every step (empty steps in lockstep,
   * and a schedule counted in steps that never completes), so it is refused rather than reduced.
   *
   * @param partitions the training data's partitions
   * @param source where the count comes from, e.g. {@code "train.partitions="} or {@code "the
   *     input's "}
   */
  public static void checkBatchCoversPartitions(int batchSize, int partitions, String source) {
    if (batchSize < partitions) {
      throw new org.descent.ps.InvalidConfigException(
          "train.batchSize",
          "train.batchSize="
              + batchSize
              + " is smaller than "
              + source
              + partitions
              + " partitions: every step would leave some partitions without rows; raise"
              + " train.batchSize to at least "
              + partitions
              + " or set train.partitions to at most "
              + batchSize);
    }
  }

  /**
   * The keys of {@code conf} for the update rule, with {@code schedule.totalSteps=0} ("the whole
   * run") replaced by epochs × steps per epoch of {@code trainRows} rows in batches of {@code
   * settings}.
   */
  public static Map<String, String> withWholeRunSchedule(
      Configuration conf, TrainingSettings settings, long trainRows) {
    long perEpoch = (trainRows + settings.batchSize() - 1) / settings.batchSize();
    return withWholeRunSchedule(conf, perEpoch * settings.epochs());
  }

  /**
   * The keys of {@code conf} for the update rule, with {@code schedule.totalSteps=0} ("the whole
   * run") replaced by {@code wholeRunSteps}; any other value stays.
   */
  public static Map<String, String> withWholeRunSchedule(Configuration conf, long wholeRunSteps) {
    Map<String, String> map = new TreeMap<>(conf.asMap());
    if ("0".equals(map.get("schedule.totalSteps"))) {
      map.put("schedule.totalSteps", Long.toString(wholeRunSteps));
    }
    return map;
  }
}
