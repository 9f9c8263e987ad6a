package org.descent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.descent.ps.InvalidConfigException;
import org.descent.ps.train.TrainingSettings;
import org.junit.jupiter.api.Test;

class TrainConfigTest {

  @Test
  void totalStepsZeroMeansEpochsTimesStepsPerEpoch() {
    Configuration conf =
        Configuration.defaults().with("train.epochs", "3").with("train.batchSize", "10");
    TrainingSettings settings = TrainConfig.settings(conf);
    // 95 rows in batches of 10: 10 steps per epoch (the last one short), 3 epochs.
    Map<String, String> keys = TrainConfig.withWholeRunSchedule(conf, settings, 95);
    assertEquals("30", keys.get("schedule.totalSteps"));
    assertEquals(
        "30", TrainConfig.withWholeRunSchedule(conf, settings, 100).get("schedule.totalSteps"));
    assertEquals(
        "33", TrainConfig.withWholeRunSchedule(conf, settings, 101).get("schedule.totalSteps"));
    assertEquals("0", conf.get("schedule.totalSteps"), "the configuration itself stays as it was");
    assertEquals(conf.get("optimizer.lr"), keys.get("optimizer.lr"));
  }

  @Test
  void anExplicitTotalStays() {
    Configuration conf = Configuration.defaults().with("schedule.totalSteps", "7");
    assertEquals(
        "7",
        TrainConfig.withWholeRunSchedule(conf, TrainConfig.settings(conf), 1000)
            .get("schedule.totalSteps"));
    assertEquals("7", TrainConfig.withWholeRunSchedule(conf, 99).get("schedule.totalSteps"));
  }

  @Test
  void aBatchMustFitTheRows() {
    TrainConfig.checkBatchFitsRows(10, 10, "rows");
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class, () -> TrainConfig.checkBatchFitsRows(11, 10, "rows"));
    assertEquals("train.batchSize=11 is larger than the 10 rows", e.getMessage());
  }
}
