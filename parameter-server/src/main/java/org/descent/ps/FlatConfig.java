package org.descent.ps;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.descent.nn.Names;

/**
 * Typed, validated reads from flat {@code key=value} settings (the form shared with properties
 * files and the command line). Every failure is an {@link InvalidConfigException} whose message
 * names the key, the value and what would be valid. A missing key yields the given default.
 */
public final class FlatConfig {

  /**
   * An interval of allowed values, for validation and for the error message.
   *
   * @param low lower end
   * @param lowOpen whether {@code low} itself is excluded
   * @param high upper end ({@code +∞} allowed)
   * @param highOpen whether {@code high} itself is excluded
   */
  public record Range(double low, boolean lowOpen, double high, boolean highOpen) {
    /** (0, ∞) */
    public static final Range POSITIVE = new Range(0, true, Double.POSITIVE_INFINITY, true);

    /** [0, ∞) */
    public static final Range NON_NEGATIVE = new Range(0, false, Double.POSITIVE_INFINITY, true);

    /** [0, 1): decay rates such as momentum, β1, β2, α. */
    public static final Range DECAY_RATE = new Range(0, false, 1, true);

    /** (0, 1]: multiplicative learning-rate decay factors. */
    public static final Range DECAY_FACTOR = new Range(0, true, 1, false);

    public boolean contains(double x) {
      boolean aboveLow = lowOpen ? x > low : x >= low;
      boolean belowHigh = highOpen ? x < high : x <= high;
      return aboveLow && belowHigh;
    }

    @Override
    public String toString() {
      String hi = Double.isInfinite(high) ? "∞" : format(high);
      return (lowOpen ? "(" : "[") + format(low) + ", " + hi + (highOpen ? ")" : "]");
    }

    private static String format(double x) {
      return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
    }
  }

  private final Map<String, String> values;

  private FlatConfig(Map<String, String> values) {
    this.values = values;
  }

  /** A config over a copy of {@code values}; values are trimmed. */
  public static FlatConfig of(Map<String, String> values) {
    Map<String, String> copy = new TreeMap<>();
    values.forEach(
        (k, v) -> {
          if (k == null || v == null) {
            throw new IllegalArgumentException("configuration keys and values must not be null");
          }
          copy.put(k.trim(), v.trim());
        });
    return new FlatConfig(copy);
  }

  /** Every key with its (trimmed) value, sorted by key. */
  public Map<String, String> asMap() {
    return Collections.unmodifiableMap(values);
  }

  /** A finite number in {@code range}, or {@code fallback} when the key is absent. */
  public double number(String key, double fallback, Range range) {
    String raw = values.get(key);
    if (raw == null) {
      return fallback;
    }
    double x = parse(key, raw, Double::parseDouble, "a number; give a decimal number", 0.5);
    if (!Double.isFinite(x)) {
      throw new InvalidConfigException(key, key + "=" + raw + " must be a finite number");
    }
    if (!range.contains(x)) {
      throw new InvalidConfigException(
          key, key + "=" + raw + " is out of range: it must be in " + range);
    }
    return x;
  }

  /** A whole number ≥ {@code min}, or {@code fallback} when the key is absent. */
  public long whole(String key, long fallback, long min) {
    String raw = values.get(key);
    if (raw == null) {
      return fallback;
    }
    long x = parse(key, raw, Long::parseLong, "a whole number; give one", Math.max(min, fallback));
    if (x < min) {
      throw new InvalidConfigException(
          key, key + "=" + raw + " is out of range: it must be at least " + min);
    }
    return x;
  }

  /** {@code true} or {@code false} (any case), or {@code fallback} when the key is absent. */
  public boolean flag(String key, boolean fallback) {
    String raw = values.get(key);
    if (raw == null) {
      return fallback;
    }
    String v = raw.toLowerCase(Locale.ROOT);
    if (v.equals("true")) {
      return true;
    }
    if (v.equals("false")) {
      return false;
    }
    throw new InvalidConfigException(key, key + "=" + quote(raw) + " must be true or false");
  }

  /** One of {@code allowed} (case-insensitive, returned in lower case), or {@code fallback}. */
  public String choice(String key, String fallback, String... allowed) {
    String raw = values.get(key);
    if (raw == null) {
      return fallback;
    }
    String v = raw.toLowerCase(Locale.ROOT);
    for (String a : allowed) {
      if (a.equals(v)) {
        return a;
      }
    }
    throw new InvalidConfigException(
        key,
        key
            + "="
            + quote(raw)
            + " is not one of "
            + String.join(", ", allowed)
            + Names.suggestion(v, allowed));
  }

  /** Throws the same error as a read would when {@code value} of {@code key} is outside range. */
  public static double checkRange(String key, double value, Range range) {
    if (!Double.isFinite(value) || !range.contains(value)) {
      throw new InvalidConfigException(
          key, key + "=" + value + " is out of range: it must be a finite number in " + range);
    }
    return value;
  }

  /**
   * {@code raw}, the value of {@code key}, as {@code parser} reads it; a value it refuses is named
   * with what it should be and an {@code example}: {@code key='raw' is not <what>, e.g.
   * key=example}.
   */
  private static <T> T parse(
      String key, String raw, Function<String, T> parser, String what, Object example) {
    try {
      return parser.apply(raw);
    } catch (NumberFormatException e) {
      throw new InvalidConfigException(
          key, key + "=" + quote(raw) + " is not " + what + ", e.g. " + key + "=" + example);
    }
  }

  private static String quote(String raw) {
    return "'" + raw + "'";
  }
}
