package org.descent.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import org.descent.nn.Names;
import org.descent.ps.FlatConfig;
import org.descent.ps.InvalidConfigException;
import org.descent.ps.config.ConfigKey;
import org.descent.ps.config.ConfigKeys;

/**
 * The effective configuration of a job: defaults &lt; {@code --conf} files &lt; {@code --set}
 * pairs. Every key must be one of the registry's ({@link ConfigKeys}), whose declarations give the
 * defaults; a value remembers where it came from so an error can say which file or flag to fix.
 * Main code names keys by their {@link ConfigKey} constants ({@link #get(ConfigKey)}, {@link
 * #read(ConfigKey)}, {@link #with(ConfigKey, String)}).
 */
public final class Configuration {
  private final SortedMap<String, String> defaults;
  private final Map<String, String> values;
  private final Map<String, String> sources;

  private Configuration(SortedMap<String, String> defaults) {
    this.defaults = defaults;
    this.values = new TreeMap<>(defaults);
    this.sources = new TreeMap<>(); // a key without a source came from the defaults
  }

  /** The defaults alone (every key of {@link ConfigKeys}): a fresh configuration each call. */
  public static Configuration defaults() {
    return new Configuration(ConfigKeys.defaults());
  }

  /** An independent copy: the same values and sources, overlays on it leave this one alone. */
  public Configuration copy() {
    Configuration c = new Configuration(defaults);
    c.values.putAll(values);
    c.sources.putAll(sources);
    return c;
  }

  /** Overlays a properties file; unknown keys are errors naming the file. */
  public Configuration withFile(Path file) {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException("--conf", "configuration file " + file + " does not exist");
    } catch (IOException e) {
      throw new InvalidConfigException(
          "--conf", "cannot read configuration file " + file + ": " + e.getMessage());
    }
    for (String key : new TreeMap<>(toMap(p)).keySet()) {
      put(key, p.getProperty(key), file.toString());
    }
    return this;
  }

  /** Overlays one {@code key=value} pair as given to {@code --set}. */
  public Configuration withSetting(String pair) {
    int eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new InvalidConfigException(
          "--set", "--set expects key=value, got '" + pair + "' (e.g. --set optimizer.lr=0.01)");
    }
    put(pair.substring(0, eq).trim(), pair.substring(eq + 1), "--set");
    return this;
  }

  /** Overlays a key programmatically (e.g. from a spark.ml Param). */
  public Configuration with(ConfigKey<?> key, String value) {
    return with(key.name(), value);
  }

  /** Overlays a key programmatically (e.g. from a spark.ml Param). */
  public Configuration with(String key, String value) {
    put(key, value, "API");
    return this;
  }

  private void put(String key, String value, String source) {
    if (!defaults.containsKey(key)) {
      throw new InvalidConfigException(
          key, "unknown configuration key '" + key + "' in " + source + hint(key));
    }
    values.put(key, value.trim());
    sources.put(key, source);
  }

  /** "Did you mean", else the keys of the same namespace, else where all keys are listed. */
  private String hint(String key) {
    String near = Names.suggestion(key, defaults.keySet().toArray(String[]::new));
    if (!near.isEmpty()) {
      return near;
    }
    int dot = key.indexOf('.');
    String prefix = dot > 0 ? key.substring(0, dot + 1) : key;
    String[] same =
        defaults.keySet().stream().filter(k -> k.startsWith(prefix)).toArray(String[]::new);
    if (same.length > 0) {
      return "; keys under " + prefix + "* are: " + String.join(", ", same);
    }
    return "; docs/configuration.md lists every key";
  }

  /** Every key with its effective value, sorted. */
  public Map<String, String> asMap() {
    return Collections.unmodifiableMap(values);
  }

  /** Where the value of {@code key} came from: "defaults", a file name, "--set" or "API". */
  public String sourceOf(String key) {
    return sources.getOrDefault(key, "defaults");
  }

  /** Typed, validated reads. */
  public FlatConfig flat() {
    return FlatConfig.of(values);
  }

  /** The value of a key that must be set, with an error naming it otherwise. */
  public String required(String key) {
    String v = values.get(key);
    if (v == null || v.isEmpty()) {
      throw new InvalidConfigException(
          key, key + " is required; set it in a --conf file or with --set " + key + "=…");
    }
    return v;
  }

  /** The value of a key that must be set, with an error naming it otherwise. */
  public String required(ConfigKey<?> key) {
    return required(key.name());
  }

  /** The effective value of {@code key} as text. */
  public String get(ConfigKey<?> key) {
    return get(key.name());
  }

  /**
   * The effective value of {@code key} in its type, checked against its declared range; an error
   * names the key, the value and what would be valid.
   */
  public <T> T read(ConfigKey<T> key) {
    return key.read(flat());
  }

  public String get(String key) {
    if (!defaults.containsKey(key)) {
      throw new IllegalArgumentException("no configuration key " + key);
    }
    return values.get(key);
  }

  private static Map<String, String> toMap(Properties p) {
    Map<String, String> m = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
    return m;
  }
}
