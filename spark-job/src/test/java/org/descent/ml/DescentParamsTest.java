package org.descent.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javax.lang.model.SourceVersion;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.descent.config.ConfigurationReference;
import org.descent.ps.InvalidConfigException;
import org.junit.jupiter.api.Test;

/**
 * Every training key of conf/descent-defaults.properties is a Param of the estimators, with the
 * key's name, default, meaning and validation.
 */
class DescentParamsTest {

  @Test
  void everyTrainingKeyIsAParamWithTheKeysNameDefaultAndMeaning() {
    DescentClassifier c = new DescentClassifier();
    int keys = 0;
    for (ConfigurationReference.Entry e : ConfigurationReference.entries()) {
      if (!ParamNames.isParamKey(e.key())) {
        assertFalse(c.hasParam(e.key()), e.key());
        continue;
      }
      keys++;
      Param<?> p = c.getParam(e.key());
      assertTrue(p.doc().startsWith(e.meaning()), p.doc());
      Object value = c.getOrDefault(p);
      if (p instanceof DoubleParam) {
        assertEquals(Double.parseDouble(e.defaultValue()), (Double) value, e.key());
      } else {
        assertEquals(e.defaultValue(), String.valueOf(value), e.key());
      }
    }
    assertTrue(keys >= 35, "only " + keys + " training keys");
    assertInstanceOf(IntParam.class, c.getParam("train.batchSize"));
    assertInstanceOf(LongParam.class, c.getParam("train.seed"));
    assertInstanceOf(DoubleParam.class, c.getParam("model.dropout"));
    assertInstanceOf(BooleanParam.class, c.getParam("model.batchNorm"));
    assertTrue(c.explainParams().contains("stepSize: Base learning rate"), c.explainParams());
  }

  @Test
  void everyParamHasAnIdentifierNameThatTheDottedKeyAlsoFinds() {
    for (DescentParams<?> p :
        List.<DescentParams<?>>of(new DescentClassifier(), new DescentRegressor())) {
      for (Param<?> param : p.params()) {
        assertTrue(SourceVersion.isIdentifier(param.name()), "Param name " + param.name());
      }
      for (var e : p.defs().byKey.entrySet()) {
        String key = e.getKey();
        assertTrue(ParamNames.table().containsKey(key), key + " has no name in ParamNames");
        String name = e.getValue().name();
        assertEquals(ParamNames.of(key), name);
        assertEquals(key, ParamNames.keyOf(name));
        assertSame(e.getValue(), p.getParam(key), key);
        assertSame(e.getValue(), p.getParam(name), name);
        assertSame(e.getValue(), p.keyParam(name), name);
        assertTrue(p.hasParam(key) && p.hasParam(name), key);
        assertTrue(e.getValue().doc().endsWith("(descent key " + key + ")"), e.getValue().doc());
      }
    }
  }

  @Test
  void mllibNamesAndSpellingsWorkAlongsideTheDottedKeys() {
    DescentClassifier c = new DescentClassifier();
    assertEquals("maxIter", c.maxIter().name());
    assertEquals("stepSize", c.stepSize().name());
    assertEquals("batchSize", c.batchSize().name());
    assertEquals("seed", c.seed().name());
    assertEquals("aggregationDepth", c.keyParam("train.aggregationDepth").name());
    for (String spark : List.of("featuresCol", "labelCol", "weightCol", "predictionCol")) {
      assertTrue(c.hasParam(spark), spark);
    }
    c.setMaxIter(7).setStepSize(0.02).setSeed(9).setBatchSize(16);
    assertEquals(7, c.getMaxIter());
    assertEquals("7", c.getConfig("train.epochs"));
    assertEquals(7, c.getEpochs());
    assertEquals(0.02, c.getStepSize());
    assertEquals("0.02", c.getConfig("optimizer.lr"));
    assertEquals(9L, c.getSeed());
    assertEquals(16, c.getBatchSize());
    // setConfig and getConfig take either spelling; the dotted key sets the same Param.
    c.setConfig("optimizer.lr", "0.5");
    assertEquals(0.5, c.getStepSize());
    c.setConfig("stepSize", "0.25");
    assertEquals("0.25", c.getConfig("optimizer.lr"));
    assertEquals("0.25", c.getConfig("stepSize"));
    c.setConfig("lrSchedule", "cosine");
    assertEquals("cosine", c.getConfig("schedule.name"));
    assertSame(c.stringParam("schedule.name"), c.stringParam("lrSchedule"));
    // A bad value through the Param name is refused naming the dotted key, as properties spell it.
    InvalidConfigException bad =
        assertThrows(InvalidConfigException.class, () -> c.setConfig("maxIter", "0"));
    assertEquals("train.epochs", bad.key());
    assertEquals(7, c.getMaxIter());
    assertEquals(7, c.copy(new ParamMap()).getMaxIter());
  }

  @Test
  void keysOfTheCommandLineJobAreNotParamsAndSayWhy() {
    DescentClassifier c = new DescentClassifier();
    for (String key : List.of("data.train", "data.format", "train.checkpointDir")) {
      InvalidConfigException e =
          assertThrows(InvalidConfigException.class, () -> c.setConfig(key, "x"));
      assertTrue(e.getMessage().contains("command-line job"), e.getMessage());
    }
    InvalidConfigException layers =
        assertThrows(InvalidConfigException.class, () -> c.setConfig("model.layers", "4,3"));
    assertTrue(layers.getMessage().contains("hiddenLayers"), layers.getMessage());
    InvalidConfigException unknown =
        assertThrows(InvalidConfigException.class, () -> c.setConfig("optimizer.lrr", "1"));
    assertTrue(unknown.getMessage().contains("optimizer.lr"), unknown.getMessage());
    assertFalse(new DescentRegressor().hasParam("model.head"), "a regressor's head is mse");
  }

  @Test
  void badValuesAreRefusedBySetConfigNamingTheKeyAndBySparksOwnSet() {
    DescentClassifier c = new DescentClassifier();
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> c.setConfig("optimizer.lr", "-1"));
    assertEquals("optimizer.lr", e.key());
    assertThrows(InvalidConfigException.class, () -> c.setConfig("train.epochs", "many"));
    assertThrows(InvalidConfigException.class, () -> c.setConfig("model.batchNorm", "yes"));
    assertThrows(InvalidConfigException.class, () -> c.setConfig("schedule.name", "wobbly"));
    // ParamMap values reach the Param's validator too (CrossValidator grids, copy(extra)).
    assertThrows(
        IllegalArgumentException.class, () -> c.copy(new ParamMap().put(c.learningRate().w(-1.0))));
    assertEquals(0.001, c.getLearningRate());
  }

  @Test
  void anyKeyParamCanBeTunedInAGridAndCopied() {
    DescentClassifier c = new DescentClassifier().setConfig("model.dropout", "0.2");
    Param<String> schedule = c.stringParam("schedule.name");
    ParamMap[] grid =
        new ParamGridBuilder()
            .addGrid(
                schedule, scala.jdk.javaapi.CollectionConverters.asScala(List.of("cosine", "step")))
            .addGrid(c.batchSize(), new int[] {32, 64})
            .build();
    assertEquals(4, grid.length);
    DescentClassifier copy = c.copy(grid[3]);
    assertEquals("step", copy.getConfig("schedule.name"));
    assertEquals(64, copy.getBatchSize());
    assertEquals("0.2", copy.getConfig("model.dropout"));
    assertEquals("constant", c.getConfig("schedule.name"));
    InvalidConfigException wrongType =
        assertThrows(InvalidConfigException.class, () -> c.intParam("model.dropout"));
    assertEquals("model.dropout is a DoubleParam, not a IntParam", wrongType.getMessage());
    assertInstanceOf(BooleanParam.class, c.booleanParam("model.batchNorm"));
    assertThrows(InvalidConfigException.class, () -> c.stringParam("optimizer.lr"));
  }

  @Test
  void aWarmUpLongerThanAThousandStepsIsNotRefusedBeforeTheRunLengthIsKnown() {
    DescentClassifier c = new DescentClassifier().setConfig("schedule.name", "cosine");
    // schedule.totalSteps=0 (the whole run) is only known at fit, which checks it.
    c.setConfig("schedule.warmupSteps", "1000");
    assertEquals("1000", c.getConfig("schedule.warmupSteps"));
    c.setConfig("schedule.warmupSteps", "50000");
    assertEquals("50000", c.getConfig("schedule.warmupSteps"));
    // An explicit total is checked against the warm-up now, as before.
    InvalidConfigException total =
        assertThrows(InvalidConfigException.class, () -> c.setConfig("schedule.totalSteps", "500"));
    assertEquals("schedule.totalSteps", total.key());
    assertEquals("0", c.getConfig("schedule.totalSteps"));
    assertThrows(InvalidConfigException.class, () -> c.setConfig("schedule.warmupSteps", "-1"));
    assertThrows(InvalidConfigException.class, () -> c.setConfig("schedule.warmupSteps", "x"));
    c.setConfig("schedule.totalSteps", "60000");
    assertThrows(InvalidConfigException.class, () -> c.setConfig("schedule.warmupSteps", "60000"));
  }

  /** Each key's validator, as Spark's set, setDefault and copy call it. */
  @SuppressWarnings("unchecked")
  private static boolean valid(DescentParams<?> p, String key, Object value) {
    return (Boolean) ((Param<Object>) p.defs().param(key)).isValid().apply(value);
  }

  @Test
  void validatorsAcceptTheDefaultsAndRefuseBadValuesOnEveryConstruction() {
    for (int round = 0; round < 2; round++) { // the second round meets remembered defaults
      for (DescentParams<?> p :
          List.<DescentParams<?>>of(new DescentClassifier(), new DescentRegressor())) {
        for (var e : p.defs().byKey.entrySet()) {
          Param<?> param = e.getValue();
          Object def = p.getOrDefault(param);
          assertTrue(valid(p, e.getKey(), def), e.getKey() + "=" + def);
        }
        assertFalse(valid(p, "optimizer.lr", -1.0));
        assertFalse(valid(p, "optimizer.lr", 0.0));
        assertTrue(valid(p, "optimizer.lr", 0.01));
        assertFalse(valid(p, "train.epochs", 0));
        assertTrue(valid(p, "train.epochs", 3));
        assertFalse(valid(p, "model.dropout", 1.0));
        assertTrue(valid(p, "model.dropout", 0.5));
        assertFalse(valid(p, "schedule.name", "wobbly"));
        assertTrue(valid(p, "schedule.name", "step"));
        assertFalse(valid(p, "data.validationFraction", 1.0));
        assertFalse(valid(p, "schedule.warmupSteps", -1));
        assertTrue(valid(p, "schedule.warmupSteps", 0));
        // -0.0 is not the default 0.0 in the Param's type, and is checked in full.
        assertTrue(valid(p, "regularization.l2", -0.0));
        assertFalse(valid(p, "regularization.l2", -1.0));
      }
    }
    assertFalse(valid(new DescentClassifier(), "model.head", "wobbly"));
    assertTrue(valid(new DescentClassifier(), "model.head", "auto"));
    // The sigmoid head has one output, whatever placeholder widths the check uses.
    assertTrue(valid(new DescentClassifier(), "model.head", "sigmoid"));
    assertEquals("sigmoid", new DescentClassifier().setConfig("head", "sigmoid").getConfig("head"));
  }
}
