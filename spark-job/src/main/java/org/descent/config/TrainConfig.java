package org.descent.config;

import java.util.Map;
import java.util.TreeMap;
import org.descent.ps.FlatConfig;
import org.descent.ps.config.TrainKeys;
import org.descent.ps.config.UpdateKeys;
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
            TrainKeys.EPOCHS.read(flat),
            TrainKeys.BATCH_SIZE.read(flat),
            TrainKeys.SEED.read(flat),
            TrainKeys.SHUFFLE.read(flat),
            TrainKeys.PATIENCE.read(flat));
    int partitions = TrainKeys.PARTITIONS.read(flat);
    if (partitions > 0) {
      checkBatchCoversPartitions(
          settings.batchSize(), partitions, TrainKeys.PARTITIONS.name() + "=");
    }
    return settings;
  }

  /**
   * A batch of {@code batchSize} rows needs at least that many {@code rows} ({@code what}:
   * "training rows", "rows"); otherwise an error naming the key and both numbers.
   */
  public static void checkBatchFitsRows(int batchSize, long rows, String what) {
    if (batchSize > rows) {
      throw new org.descent.ps.InvalidConfigException(
          TrainKeys.BATCH_SIZE.name(),
          TrainKeys.BATCH_SIZE + "=" + batchSize + " is larger than the " + rows + " " + what);
    }
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
          TrainKeys.BATCH_SIZE.name(),
          TrainKeys.BATCH_SIZE
              + "="
              + batchSize
              + " is smaller than "
              + source
              + partitions
              + " partitions: every step would leave some partitions without rows; raise "
              + TrainKeys.BATCH_SIZE
              + " to at least "
              + partitions
              + " or set "
              + TrainKeys.PARTITIONS
              + " to at most "
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
    String total = UpdateKeys.SCHEDULE_TOTAL_STEPS.name();
    if ("0".equals(map.get(total))) {
      map.put(total, Long.toString(wholeRunSteps));
    }
    return map;
  }
}
