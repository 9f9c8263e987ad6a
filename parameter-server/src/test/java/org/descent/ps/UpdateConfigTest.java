package org.descent.ps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.descent.ps.config.ConfigKeys;
import org.descent.ps.config.UpdateKeys;
import org.junit.jupiter.api.Test;

/** Flat keys → UpdateConfig: defaults, validation, did-you-mean, round trip. */
class UpdateConfigTest {

  private static Map<String, String> map(String... keyValues) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  private static InvalidConfigException rejected(String... keyValues) {
    return assertThrows(InvalidConfigException.class, () -> UpdateConfig.fromMap(map(keyValues)));
  }

  @Test
  void defaultsAreAdamWithLr0001AndNothingElse() {
    UpdateConfig c = UpdateConfig.defaults();
    assertEquals("adam", c.optimizerName());
    assertEquals(new Adam(0.9, 0.999, 1e-8, 0), c.optimizer(null));
    assertEquals(new LearningRateSchedule.Constant(0.001), c.schedule());
    assertEquals(Regularization.NONE, c.regularization());
    assertEquals(GradientClipping.NONE, c.clipping());
    assertEquals(WeightConstraints.NONE, c.constraints());
  }

  @Test
  void anUnsetKeyMeansItsRegistryDefaultForEveryOptimizerAndSchedule() {
    // A run's configuration holds every key at its default, a bare map none: the update built from
    // either must be the same, or a default written in an optimiser would differ from the one the
    // documentation gives and only apply where nobody runs.
    for (String optimizer : Optimizer.NAMES) {
      for (String schedule : UpdateKeys.SCHEDULE_NAME.choices()) {
        Map<String, String> chosen =
            map(
                "optimizer.name", optimizer,
                "schedule.name", schedule,
                "schedule.totalSteps", "100");
        Map<String, String> full = new HashMap<>(ConfigKeys.defaults());
        full.putAll(chosen);
        assertEquals(
            UpdateConfig.fromMap(full).toMap(),
            UpdateConfig.fromMap(chosen).toMap(),
            optimizer + " with " + schedule);
      }
    }
  }

  @Test
  void everyOptimizerIsBuiltFromItsName() {
    for (String name : Optimizer.NAMES) {
      assertEquals(name, UpdateConfig.fromMap(map("optimizer.name", name)).optimizer(null).name());
    }
  }

  @Test
  void hyperparametersAreReadByName() {
    UpdateConfig c =
        UpdateConfig.fromMap(
            map(
                "optimizer.name", "RMSProp",
                "optimizer.alpha", "0.9",
                "optimizer.eps", "1e-6",
                "optimizer.weightDecay", " 0.01 "));
    assertEquals(new RmsProp(0.9, 1e-6, 0.01), c.optimizer(null));
  }

  @Test
  void everyOptimizerTakesTheKeysOneDefaults() {
    // PyTorch's Adagrad eps (1e-10), AdamW decay (0.01) and the LAMB paper's eps and decay differ
    // from these; docs/optimizers.md says which keys to set for them.
    assertEquals(new Momentum(0.9, 0), optimizer("momentum"));
    assertEquals(new Nesterov(0.9, 0), optimizer("nesterov"));
    assertEquals(new AdaGrad(1e-8, 0), optimizer("adagrad"));
    assertEquals(new RmsProp(0.99, 1e-8, 0), optimizer("rmsprop"));
    assertEquals(new AdamW(0.9, 0.999, 1e-8, 0), optimizer("adamw"));
    assertEquals(new Lamb(0.9, 0.999, 1e-8, 0, null), optimizer("lamb"));
  }

  private static Optimizer optimizer(String name) {
    return UpdateConfig.fromMap(map("optimizer.name", name)).optimizer(null);
  }

  @Test
  void unknownKeyIsAnErrorThatSuggestsTheNearestKey() {
    InvalidConfigException e = rejected("optimizer.momentun", "0.9");
    assertEquals("optimizer.momentun", e.key());
    assertTrue(e.getMessage().contains("did you mean 'optimizer.momentum'"), e.getMessage());
    assertTrue(rejected("clip.nrom", "1").getMessage().contains("'clip.norm'"));
    assertTrue(rejected("regularization.L2", "1").getMessage().contains("'regularization.l2'"));
  }

  @Test
  void unknownOptimizerNameSuggestsTheNearestName() {
    InvalidConfigException e = rejected("optimizer.name", "adamm");
    assertEquals("optimizer.name", e.key());
    assertTrue(e.getMessage().contains("did you mean 'adam'"), e.getMessage());
  }

  @Test
  void keysOfOtherNamespacesAreLeftToTheirOwners() {
    UpdateConfig c = UpdateConfig.fromMap(map("model.layers", "784,10", "train.batchSize", "x"));
    assertEquals(UpdateConfig.defaults(), c);
  }

  @Test
  void aValueOfTheWrongTypeNamesKeyAndValue() {
    InvalidConfigException e = rejected("optimizer.lr", "fast");
    assertEquals("optimizer.lr", e.key());
    assertTrue(e.getMessage().contains("optimizer.lr='fast'"), e.getMessage());
    assertTrue(rejected("clip.norm", "NaN").getMessage().contains("finite"));
    assertTrue(rejected("schedule.warmupSteps", "2.5").getMessage().contains("whole number"));
    assertTrue(rejected("constraint.nonNegative", "yes").getMessage().contains("true or false"));
  }

  @Test
  void aValueOutOfRangeNamesKeyValueAndTheValidRange() {
    InvalidConfigException e = rejected("optimizer.name", "momentum", "optimizer.momentum", "1.2");
    assertEquals("optimizer.momentum", e.key());
    assertTrue(e.getMessage().contains("optimizer.momentum=1.2"), e.getMessage());
    assertTrue(e.getMessage().contains("[0, 1)"), e.getMessage());
    assertTrue(rejected("optimizer.lr", "0").getMessage().contains("(0, ∞)"));
    assertEquals("optimizer.eps", rejected("optimizer.eps", "0").key());
    assertEquals(
        "schedule.gamma", rejected("schedule.name", "step", "schedule.gamma", "1.5").key());
  }

  @Test
  void keysTheChosenOptimizerDoesNotUseAreStillTypeChecked() {
    assertEquals(
        "optimizer.beta1", rejected("optimizer.name", "sgd", "optimizer.beta1", "b").key());
  }

  @Test
  void toMapRebuildsAnEqualConfiguration() {
    for (String name : Optimizer.NAMES) {
      UpdateConfig c =
          UpdateConfig.fromMap(
              map(
                  "optimizer.name", name,
                  "optimizer.lr", "0.1",
                  "optimizer.weightDecay", "0.001",
                  "schedule.name", "cosine",
                  "schedule.totalSteps", "1000",
                  "schedule.warmupSteps", "100",
                  "schedule.minLr", "1e-5",
                  "regularization.l1", "1e-4",
                  "clip.norm", "5",
                  "constraint.maxNorm", "3"));
      UpdateConfig again = UpdateConfig.fromMap(c.toMap());
      assertEquals(c.toMap(), again.toMap());
      assertEquals(c.optimizer(null), again.optimizer(null));
      assertEquals(c.schedule(), again.schedule());
      assertInstanceOf(LearningRateSchedule.WarmUp.class, again.schedule());
    }
  }

  @Test
  void constructingAnOptimizerWithABadValueNamesTheKey() {
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> new Adam(0.9, 1.0, 1e-8, 0));
    assertEquals("optimizer.beta2", e.key());
  }
}
