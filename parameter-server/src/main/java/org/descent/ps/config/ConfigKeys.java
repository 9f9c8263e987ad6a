package org.descent.ps.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The registry: every configuration key in order, by section. This is the one list that the
 * defaults file (conf/descent-defaults.properties), docs/configuration.md, the effective
 * configuration's known keys and the spark.ml Params are derived from; each key itself is declared
 * once, as a constant of its section's class.
 */
public final class ConfigKeys {
  private ConfigKeys() {}

  /** A titled group of keys, as the defaults file and the reference page show them. */
  public record Section(String title, List<ConfigKey<?>> keys) {}

  /** Every section in order. */
  public static final List<Section> SECTIONS =
      List.of(
          new Section("model", ModelKeys.ALL),
          new Section("data", DataKeys.ALL),
          new Section("training", TrainKeys.ALL),
          new Section("report and learning-rate finder (docs/report.md)", CommandKeys.ALL),
          new Section("optimizer", UpdateKeys.OPTIMIZER),
          new Section("regularisation, clipping, constraints", UpdateKeys.PENALTIES),
          new Section("learning-rate schedule", UpdateKeys.SCHEDULE));

  private static final Map<String, ConfigKey<?>> BY_NAME = byName();

  /** Every key in section order. */
  public static List<ConfigKey<?>> all() {
    return List.copyOf(BY_NAME.values());
  }

  /** The key called {@code name}, or null when there is none. */
  public static ConfigKey<?> find(String name) {
    return BY_NAME.get(name);
  }

  /** Every key's name with its default, sorted by name. */
  public static SortedMap<String, String> defaults() {
    SortedMap<String, String> map = new TreeMap<>();
    BY_NAME.values().forEach(k -> map.put(k.name(), k.defaultText()));
    return Collections.unmodifiableSortedMap(map);
  }

  private static Map<String, ConfigKey<?>> byName() {
    Map<String, ConfigKey<?>> map = new LinkedHashMap<>();
    for (Section s : SECTIONS) {
      for (ConfigKey<?> k : s.keys()) {
        if (map.put(k.name(), k) != null) {
          throw new IllegalStateException("configuration key declared twice: " + k.name());
        }
      }
    }
    return Collections.unmodifiableMap(map);
  }
}
