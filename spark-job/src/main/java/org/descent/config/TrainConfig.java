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

  public static TrainingSettings settings(FlatConfig flat) {
    return new TrainingSettings(
        (int) flat.whole("train.epochs", 20, 1),
        (int) flat.whole("train.batchSize", 128, 1),
        flat.whole("train.seed", 42, Long.MIN_VALUE),
        flat.flag("train.shuffle", true),
        (int) flat.whole("train.patience", 0, 0));
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
