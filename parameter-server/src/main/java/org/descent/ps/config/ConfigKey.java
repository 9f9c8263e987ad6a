package org.descent.ps.config;

import java.util.List;
import java.util.Map;
import org.descent.ps.FlatConfig;

/**
 * One configuration key, declared once: its dotted name, value type, default (as the defaults file
 * writes it), valid range, unit and one-line doc. Reads go through {@link #read}, which gives the
 * same errors as {@link FlatConfig}'s typed reads (naming the key, the value and the valid range).
 *
 * @param <T> the Java type of the value: {@code String}, {@code Boolean}, {@code Integer}, {@code
 *     Long} or {@code Double}
 */
public final class ConfigKey<T> {
  /** What kind of value a key holds. */
  public enum Type {
    /** Free text or a name from a list the reader checks. */
    TEXT("text"),
    /** {@code true} or {@code false}. */
    FLAG("true/false"),
    /** A whole number that fits an {@code int}. */
    INT("whole number"),
    /** A whole number that fits a {@code long}. */
    LONG("whole number"),
    /** A finite decimal number. */
    NUMBER("number");

    private final String description;

    Type(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  private final String name;
  private final Type type;
  private final String defaultText;
  private final FlatConfig.Range range;
  private final long min;
  private final String unit;
  private final String doc;
  private final List<String> choices;

  private ConfigKey(
      String name,
      Type type,
      String defaultText,
      FlatConfig.Range range,
      long min,
      String unit,
      String doc,
      List<String> choices) {
    this.name = name;
    this.type = type;
    this.defaultText = defaultText;
    this.range = range;
    this.min = min;
    this.unit = unit;
    this.doc = doc;
    this.choices = choices;
  }

  /** A text key (a path, a list or a name its reader checks). */
  public static ConfigKey<String> text(String name, String defaultText, String doc) {
    return new ConfigKey<>(name, Type.TEXT, defaultText, null, 0, "", doc, List.of());
  }

  /**
   * A text key whose value is one of {@code choices} (case-insensitive; {@link #read} gives it in
   * lower case), {@code defaultText} among them.
   */
  public static ConfigKey<String> choice(
      String name, String defaultText, List<String> choices, String doc) {
    if (!choices.contains(defaultText)) {
      throw new IllegalArgumentException(name + ": default " + defaultText + " is no choice");
    }
    return new ConfigKey<>(name, Type.TEXT, defaultText, null, 0, "", doc, List.copyOf(choices));
  }

  /** A true/false key. */
  public static ConfigKey<Boolean> flag(String name, boolean defaultValue, String doc) {
    return new ConfigKey<>(
        name, Type.FLAG, Boolean.toString(defaultValue), null, 0, "", doc, List.of());
  }

  /** A whole-number key at least {@code min}, counting nothing in particular (no unit). */
  public static ConfigKey<Integer> whole(String name, int defaultValue, int min, String doc) {
    return whole(name, defaultValue, min, "", doc);
  }

  /** A whole-number key at least {@code min}; {@code unit} may be empty. */
  public static ConfigKey<Integer> whole(
      String name, int defaultValue, int min, String unit, String doc) {
    return new ConfigKey<>(
        name, Type.INT, Integer.toString(defaultValue), null, min, unit, doc, List.of());
  }

  /** A whole-number key of any {@code long} value (a seed). */
  public static ConfigKey<Long> wholeLong(String name, long defaultValue, String doc) {
    return new ConfigKey<>(
        name, Type.LONG, Long.toString(defaultValue), null, Long.MIN_VALUE, "", doc, List.of());
  }

  /**
   * A decimal key in {@code range} without a unit; see {@link #number(String, String,
   * FlatConfig.Range, String, String)}.
   */
  public static ConfigKey<Double> number(
      String name, String defaultText, FlatConfig.Range range, String doc) {
    return number(name, defaultText, range, "", doc);
  }

  /**
   * A decimal key in {@code range}; {@code defaultText} is the default as the defaults file writes
   * it (e.g. {@code 1e-8}); {@code unit} may be empty.
   */
  public static ConfigKey<Double> number(
      String name, String defaultText, FlatConfig.Range range, String unit, String doc) {
    Double.parseDouble(defaultText); // a typo in a declaration fails at class initialisation
    return new ConfigKey<>(name, Type.NUMBER, defaultText, range, 0, unit, doc, List.of());
  }

  /** The dotted name, e.g. {@code optimizer.lr}: what files, {@code --set} and setConfig use. */
  public String name() {
    return name;
  }

  public Type type() {
    return type;
  }

  /** The default as the defaults file writes it; empty for a key without one. */
  public String defaultText() {
    return defaultText;
  }

  /** The valid interval of a {@link Type#NUMBER} key; null for other types. */
  public FlatConfig.Range range() {
    return range;
  }

  /** The least valid value of a whole-number key. */
  public long min() {
    return min;
  }

  /**
   * {@code value}, or the error a read of it would give when it is outside this number key's range:
   * a value built in code is refused in the words a value in a file would be.
   */
  public double check(double value) {
    if (range == null) {
      throw new IllegalStateException(name + " is not a number key with a range");
    }
    return FlatConfig.checkRange(name, value, range);
  }

  /** This key and {@code value} as the defaults file writes it: one entry of a settings map. */
  public Map.Entry<String, String> setting(T value) {
    return Map.entry(name, String.valueOf(value));
  }

  /** The one-line meaning, as the defaults file and docs/configuration.md show it. */
  public String doc() {
    return doc;
  }

  /** The values a {@link #choice} key allows, in order; empty for any other key. */
  public List<String> choices() {
    return choices;
  }

  /** The type, range and unit in words, e.g. "number in [0, 1)" or "whole number ≥ 1 (steps)". */
  public String describe() {
    String d = type.description();
    if (!choices.isEmpty()) {
      d = "one of " + String.join(", ", choices);
    } else if (range != null) {
      d += " in " + range;
    } else if ((type == Type.INT || type == Type.LONG) && min != Long.MIN_VALUE) {
      d += " ≥ " + min;
    }
    return unit.isEmpty() ? d : d + " (" + unit + ")";
  }

  /**
   * The value in {@code config}, or the default when the key is absent; a bad value is an {@link
   * org.descent.ps.InvalidConfigException} naming the key, the value and what would be valid.
   */
  @SuppressWarnings("unchecked")
  public T read(FlatConfig config) {
    Object value =
        switch (type) {
          case TEXT ->
              choices.isEmpty()
                  ? config.asMap().getOrDefault(name, defaultText)
                  : config.choice(name, defaultText, choices.toArray(String[]::new));
          case FLAG -> config.flag(name, Boolean.parseBoolean(defaultText));
          case INT -> asInt(config.whole(name, Long.parseLong(defaultText), min));
          case LONG -> config.whole(name, Long.parseLong(defaultText), min);
          case NUMBER -> config.number(name, Double.parseDouble(defaultText), range);
        };
    return (T) value;
  }

  /** An INT key's value, refused by name when it does not fit an {@code int} (never wrapped). */
  private int asInt(long value) {
    if (value > Integer.MAX_VALUE) {
      throw new org.descent.ps.InvalidConfigException(
          name, name + "=" + value + " is out of range: it must be at most " + Integer.MAX_VALUE);
    }
    return (int) value;
  }

  @Override
  public String toString() {
    return name;
  }
}
