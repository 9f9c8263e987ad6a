package org.descent.ps.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.descent.ps.FlatConfig;
import org.descent.ps.InvalidConfigException;
import org.junit.jupiter.api.Test;

/** The registry lists every declared key once, and every declaration is self-consistent. */
class ConfigKeysTest {
  private static final List<Class<?>> DECLARING =
      List.of(
          ModelKeys.class, DataKeys.class, TrainKeys.class, CommandKeys.class, UpdateKeys.class);

  @Test
  void everyDeclaredConstantIsInTheRegistryOnce() throws IllegalAccessException {
    List<ConfigKey<?>> declared = new ArrayList<>();
    for (Class<?> c : DECLARING) {
      for (Field f : c.getDeclaredFields()) {
        if (f.getType() == ConfigKey.class && Modifier.isPublic(f.getModifiers())) {
          declared.add((ConfigKey<?>) f.get(null));
        }
      }
    }
    assertEquals(63, declared.size());
    assertEquals(Set.copyOf(declared), Set.copyOf(ConfigKeys.all()));
    assertEquals(declared.size(), ConfigKeys.all().size());
    for (ConfigKey<?> k : declared) {
      assertSame(k, ConfigKeys.find(k.name()));
    }
  }

  @Test
  void aSectionHoldsOneNamespaceAndNamesAreUnique() {
    Set<String> names = new HashSet<>();
    for (ConfigKeys.Section s : ConfigKeys.SECTIONS) {
      for (ConfigKey<?> k : s.keys()) {
        assertTrue(names.add(k.name()), k.name());
        assertTrue(k.name().matches("[a-z][A-Za-z]*\\.[a-z][A-Za-z0-9]*"), k.name());
        assertTrue(!k.doc().isBlank(), k.name() + " has no doc line");
      }
    }
  }

  @Test
  void everyDefaultReadsBackAsItsOwnValue() {
    for (ConfigKey<?> k : ConfigKeys.all()) {
      FlatConfig given = FlatConfig.of(Map.of(k.name(), k.defaultText()));
      Object read = k.read(given);
      assertNotNull(read, k.name());
      assertEquals(read, k.read(FlatConfig.of(Map.of())), k.name() + ": absent reads the default");
    }
  }

  @Test
  void typedReadsCheckTheDeclaredRangeAndNameTheKey() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> ModelKeys.DROPOUT.read(FlatConfig.of(Map.of("model.dropout", "1.5"))));
    assertEquals("model.dropout=1.5 is out of range: it must be in [0, 1)", e.getMessage());
    e =
        assertThrows(
            InvalidConfigException.class,
            () -> TrainKeys.EPOCHS.read(FlatConfig.of(Map.of("train.epochs", "0"))));
    assertEquals("train.epochs=0 is out of range: it must be at least 1", e.getMessage());
    e =
        assertThrows(
            InvalidConfigException.class,
            () -> TrainKeys.EPOCHS.read(FlatConfig.of(Map.of("train.epochs", "4294967297"))));
    assertEquals(
        "train.epochs=4294967297 is out of range: it must be at most 2147483647",
        e.getMessage(),
        "a whole number past int is refused, not wrapped to 1");
    e =
        assertThrows(
            InvalidConfigException.class,
            () -> TrainKeys.STEP_TRANSPORT.read(FlatConfig.of(Map.of("train.stepTransport", "x"))));
    assertTrue(e.getMessage().contains("is not one of auto, jobs, memory, network"));
  }

  @Test
  void descriptionsGiveTypeRangeAndUnit() {
    assertEquals("number in [0, 1)", ModelKeys.DROPOUT.describe());
    assertEquals("whole number ≥ 1 (epochs)", TrainKeys.EPOCHS.describe());
    assertEquals("whole number", TrainKeys.SEED.describe());
    assertEquals("true/false", TrainKeys.SHUFFLE.describe());
    assertEquals("one of fail, skip", DataKeys.ON_BAD_RECORD.describe());
  }
}
