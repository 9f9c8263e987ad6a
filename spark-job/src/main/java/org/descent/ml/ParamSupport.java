package org.descent.ml;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.descent.config.Configuration;
import org.descent.ps.InvalidConfigException;
import org.descent.ps.config.ConfigKey;
import org.descent.ps.config.ConfigKeys;
import org.descent.ps.config.ModelKeys;

/**
 * Creates, defaults, reads and sets the {@link DescentParams} of the estimators: one Param per
 * training key of the registry ({@link ConfigKeys}), named by {@link ParamNames} (e.g. {@code
 * stepSize} for {@code optimizer.lr}), typed, defaulted and documented from its declaration, plus
 * {@code hiddenLayers}, {@code weightCol} and the other column and warm-start Params. Whether a
 * value is valid is {@link ParamValidation}'s.
 */
final class ParamSupport {
  private ParamSupport() {}

  /** The Param objects of one estimator (created with its uid). */
  static final class Defs implements Serializable {
    private static final long serialVersionUID = 1L;
    final IntArrayParam hiddenLayers;
    final Param<String> weightCol;
    final Param<String> validationIndicatorCol;
    final Param<String> initialModel;
    final Param<Vector> initialWeights;

    /**
     * A model object to start from ({@code setInitialModel(model)}); not a Param (it is not saved
     * with the estimator), carried over by the estimators' {@code copy}.
     */
    TrainedNetwork initialNetwork;

    /** Configuration key → its Param, in the order of the defaults file. */
    final Map<String, Param<?>> byKey = new LinkedHashMap<>();

    /** True for the regressor's Params (its head is always mse). */
    final boolean regression;

    /** {@link #params}, built on first use. */
    private transient Param<?>[] union;

    /** The Params of {@code owner} (whose uid they take), set to their defaults on it. */
    static Defs of(Params owner, boolean regression) {
      Defs defs = new Defs(owner, regression);
      setDefaults(owner, defs);
      return defs;
    }

    private Defs(Params owner, boolean regression) {
      this.regression = regression;
      String uid = owner.uid();
      // Spark's (uid, name, doc) Params take every value; the key Params below check theirs.
      hiddenLayers =
          new IntArrayParam(
              owner,
              "hiddenLayers",
              "hidden layer widths, e.g. [64, 32]; input and output widths come from the data");
      weightCol =
          new Param<>(
              uid,
              "weightCol",
              "weight column name: each row's loss counts this many times (must be ≥ 0);"
                  + " unset = every row weighs 1");
      validationIndicatorCol =
          new Param<>(
              uid,
              "validationIndicatorCol",
              "boolean column: true rows validate (per-epoch metrics, early stopping), false and"
                  + " null rows train; unset = validationFraction of the rows validate, picked by a seeded hash");
      initialModel =
          new Param<>(
              uid,
              "initialModel",
              "path of a saved Descent model to continue training from (its weights, batch-norm"
                  + " statistics and scalings; same layer widths); unset = a fresh start");
      initialWeights =
          new Param<>(
              uid,
              "initialWeights",
              "the initial weights as one flat vector: per dense layer from the input, its weights"
                  + " row-major [inputs × outputs], its biases, then batch norm's gamma and beta;"
                  + " unset = initialised from seed");
      for (ConfigKey<?> k : ConfigKeys.all()) {
        // The regressor's head is always mse.
        if (ParamNames.isParamKey(k.name()) && !(regression && k == ModelKeys.HEAD)) {
          byKey.put(k.name(), create(uid, k, regression));
        }
      }
    }

    /** The Param of a dotted key ({@code optimizer.lr}) or of its Param name ({@code stepSize}). */
    Param<?> param(String keyOrName) {
      String key = key(keyOrName);
      Param<?> p = byKey.get(key);
      if (p == null) {
        Configuration.defaults().with(key, ""); // unknown key: the usual error with a suggestion
        throw new InvalidConfigException(
            key,
            key.equals(ModelKeys.LAYERS.name())
                ? ModelKeys.LAYERS + " is inferred from the data; set hiddenLayers instead"
                : key + " is not a spark.ml Param: it belongs to the command-line job");
      }
      return p;
    }

    /**
     * The estimator's {@code params()}: the sorted union of Spark's own Params ({@code spark}) and
     * these. Spark looks Params up by name through params() (hasParam, getParam, copyValues: dozens
     * of calls per copy), and the union is fixed once constructed, so it is built once, as Spark's
     * own params is.
     */
    Param<?>[] params(Param<?>[] spark) {
      Param<?>[] all = union;
      if (all == null) {
        Map<String, Param<?>> byName = new TreeMap<>();
        for (Param<?> p : spark) {
          byName.put(p.name(), p);
        }
        for (Param<?> p : all()) {
          byName.put(p.name(), p);
        }
        all = byName.values().toArray(Param<?>[]::new);
        union = all;
      }
      return all;
    }

    /**
     * {@code setInitialModel(model)}: {@code owner} continues training from {@code net}, which
     * replaces an initialModel path.
     */
    <T extends DescentParams<T>> T startFrom(T owner, TrainedNetwork net) {
      owner.clear(initialModel);
      initialNetwork = net;
      return owner;
    }

    /**
     * {@code copy(extra)}: {@code copy}, made by Spark's defaultCopy, starts from the same model.
     */
    <T extends DescentParams<T>> T copiedTo(T copy) {
      copy.defs().initialNetwork = initialNetwork;
      return copy;
    }

    /** Every Param these defs own, for {@link Params#params()}. */
    List<Param<?>> all() {
      List<Param<?>> all = new ArrayList<>(byKey.values());
      all.add(hiddenLayers);
      all.add(weightCol);
      all.add(validationIndicatorCol);
      all.add(initialModel);
      all.add(initialWeights);
      return all;
    }
  }

  /** The dotted key of {@code keyOrName}: a Param name's key, else {@code keyOrName} itself. */
  static String key(String keyOrName) {
    String key = ParamNames.keyOf(keyOrName);
    return key != null ? key : keyOrName;
  }

  /**
   * The Param of one key, named by {@link ParamNames}, typed by the key's declared type, documented
   * by its doc line, validated by {@link ParamValidation#validator}, which knows the key's default
   * in the Param's type, as {@link #setDefaults} sets it.
   */
  private static Param<?> create(String uid, ConfigKey<?> key, boolean regression) {
    String k = key.name();
    String name = ParamNames.of(k);
    String doc = key.doc() + " (descent key " + k + ")";
    String v = key.defaultText().trim();
    return switch (key.type()) {
      case INT ->
          new IntParam(
              uid, name, doc, ParamValidation.validator(k, regression, Integer.parseInt(v)));
      case LONG ->
          new LongParam(
              uid, name, doc, ParamValidation.validator(k, regression, Long.parseLong(v)));
      case TEXT -> new Param<String>(uid, name, doc, ParamValidation.validator(k, regression, v));
      case FLAG -> new BooleanParam(uid, name, doc); // true and false are both valid
      case NUMBER ->
          new DoubleParam(
              uid, name, doc, ParamValidation.validator(k, regression, Double.parseDouble(v)));
    };
  }

  /** {@code p} as a {@code type}, or an error naming the key and its real type. */
  static <P extends Param<?>> P typed(Param<?> p, Class<P> type, String key) {
    if (!type.isInstance(p)) {
      throw new InvalidConfigException(
          key, key + " is a " + p.getClass().getSimpleName() + ", not a " + type.getSimpleName());
    }
    return type.cast(p);
  }

  /** {@code p} as the {@code Param<String>} of a named-choice key, or an error naming its type. */
  @SuppressWarnings("unchecked")
  static Param<String> stringTyped(Param<?> p, String key) {
    ConfigKey<?> declared = ConfigKeys.find(key(key));
    if (declared == null || declared.type() != ConfigKey.Type.TEXT) {
      throw new InvalidConfigException(
          key, key + " is a " + p.getClass().getSimpleName() + ", not a string Param");
    }
    return (Param<String>) p; // made as Param<String> for every text key (see create)
  }

  /** Sets the registry's defaults on {@code p}. */
  private static void setDefaults(Params p, Defs d) {
    Configuration defaults = Configuration.defaults();
    p.setDefault(d.hiddenLayers, new int[] {64});
    for (Map.Entry<String, Param<?>> e : d.byKey.entrySet()) {
      setDefault(p, e.getValue(), parse(e.getValue(), e.getKey(), defaults.get(e.getKey())));
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void setDefault(Params p, Param<T> param, Object value) {
    p.setDefault(param, (T) value);
  }

  /** A configuration value in its Param's type; a bad value names the key. */
  static Object parse(Param<?> param, String key, String value) {
    String v = value.trim();
    try {
      if (param instanceof IntParam) {
        return Integer.parseInt(v);
      } else if (param instanceof LongParam) {
        return Long.parseLong(v);
      } else if (param instanceof DoubleParam) {
        return Double.parseDouble(v);
      } else if (param instanceof BooleanParam) {
        if (!v.equals("true") && !v.equals("false")) {
          throw new InvalidConfigException(key, key + "='" + v + "' must be true or false");
        }
        return Boolean.parseBoolean(v);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new InvalidConfigException(key, key + "='" + v + "' is not a number");
    }
  }

  /**
   * The effective configuration: the defaults overlaid with every key Param's value, {@code
   * model.layers} = features, hidden widths, outputs.
   */
  static Configuration configuration(DescentParams<?> p, int inputs, int outputs) {
    Configuration conf = Configuration.defaults();
    for (Map.Entry<String, Param<?>> e : p.defs().byKey.entrySet()) {
      conf.with(e.getKey(), String.valueOf(p.getOrDefault(e.getValue())));
    }
    List<String> widths = new ArrayList<>();
    widths.add(Integer.toString(inputs));
    Arrays.stream(p.getHiddenLayers()).forEach(w -> widths.add(Integer.toString(w)));
    widths.add(Integer.toString(outputs));
    conf.with(ModelKeys.LAYERS, String.join(",", widths));
    return conf;
  }

  /**
   * {@code setConfig(key, value)}: sets the key's Param (the dotted key or the Param's name);
   * unknown keys and bad values fail now, naming the key, and leave the estimator as it was.
   */
  static void setConfig(DescentParams<?> p, String keyOrName, String value) {
    String k = key(keyOrName.trim());
    Param<?> param = p.defs().param(k);
    Object typed = parse(param, k, value);
    // Our checks first, for an error that names the key and says why (Spark's says "invalid").
    ParamValidation.validate(
        configuration(p, 1, 2).with(k, String.valueOf(typed)), p.isRegressor());
    new ParamsAccess(p).setUnchecked(param, typed);
  }

  /** Params.set is protected in Scala (public in bytecode); one place calls it. */
  record ParamsAccess(Params p) {
    <T> void set(Param<T> param, T value) {
      p.set(param, value);
    }

    @SuppressWarnings("unchecked")
    void setUnchecked(Param<?> param, Object value) {
      p.set((Param<Object>) param, value);
    }
  }
}
