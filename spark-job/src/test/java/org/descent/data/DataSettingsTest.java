package org.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.descent.nn.FeatureScaling;
import org.descent.ps.InvalidConfigException;
import org.descent.ps.config.DataKeys;
import org.junit.jupiter.api.Test;

/** data.* keys parse to settings; bad values name the key and what is valid. */
class DataSettingsTest {
  @Test
  void absentKeysTakeTheDefaults() {
    DataSettings s = DataSettings.fromMap(Map.of("data.train", "hdfs://nn/x.csv"));
    assertEquals("hdfs://nn/x.csv", s.train());
    assertEquals("", s.test());
    assertEquals(DataFormat.CSV, s.format());
    assertEquals(List.of("label"), s.labelColumns());
    assertEquals(List.of(), s.featureColumns());
    assertEquals(OnBadRecord.FAIL, s.onBadRecord());
    assertEquals(FeatureScaling.Mode.STANDARDIZE, s.scaling());
    assertEquals(255f, s.scalingDivisor());
    assertEquals(0.1, s.validationFraction());
    assertEquals(0.2, s.testFraction());
    assertTrue(s.standardizeTargets());
    assertEquals(0, s.partitions());
    assertEquals(42, s.seed());
  }

  @Test
  void listsAreCommaSeparated() {
    DataSettings s =
        DataSettings.fromMap(
            Map.of(
                "data.train", "x",
                "data.format", "PARQUET",
                "data.featureColumns", " a, b ,c",
                "data.labelColumn", "y1,y2"));
    assertEquals(DataFormat.PARQUET, s.format());
    assertEquals(List.of("a", "b", "c"), s.featureColumns());
    assertEquals(List.of("y1", "y2"), s.labelColumns());
  }

  @Test
  void anUnknownFormatListsTheValidOnesAndSuggestsTheNearest() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> DataSettings.fromMap(Map.of("data.train", "x", "data.format", "libsvn")));
    assertEquals("data.format", e.key());
    assertTrue(e.getMessage().contains("csv, libsvm, parquet, idx"), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean 'libsvm'?"), e.getMessage());
  }

  @Test
  void theFormatKeysChoicesAreTheFormatsDescentReads() {
    assertEquals(
        Arrays.stream(DataFormat.values()).map(DataFormat::configName).toList(),
        DataKeys.FORMAT.choices());
  }

  @Test
  void aPartitionCountPastAnIntIsRefusedNotClamped() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () ->
                DataSettings.fromMap(Map.of("data.train", "x", "train.partitions", "4294967297")));
    assertEquals("train.partitions", e.key());
  }

  @Test
  void aMissingTrainPathIsAConfigError() {
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> DataSettings.fromMap(Map.of()));
    assertEquals("data.train", e.key());
  }

  @Test
  void aValidationFractionOfOneIsOutOfRange() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> DataSettings.fromMap(Map.of("data.train", "x", "data.validationFraction", "1")));
    assertEquals("data.validationFraction", e.key());
  }

  @Test
  void anUnknownOnBadRecordPolicyIsAConfigError() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> DataSettings.fromMap(Map.of("data.train", "x", "data.onBadRecord", "skp")));
    assertTrue(e.getMessage().contains("did you mean 'skip'?"), e.getMessage());
  }
}
