package org.descent.config;

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
}
