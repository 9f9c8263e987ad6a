package org.descent.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators$;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;
import org.descent.config.Configuration;
import org.descent.config.ModelConfig;
import org.descent.ps.InvalidConfigException;
import org.descent.ps.UpdateConfig;

/** Creates, defaults and validates the {@link DescentParams} of the estimators. */
final class ParamSupport {
  private ParamSupport() {}

  /** Typed Params and the configuration key each one sets. */
  static final Map<String, String> KEY_OF_PARAM =
      Map.of(
          "activation", "model.activation",
          "optimizer", "optimizer.name",
          "learningRate", "optimizer.lr",
          "batchSize", "train.batchSize",
          "epochs", "train.epochs",
          "seed", "train.seed");

  /** Creates the Param objects of an estimator (its uid must be set). */
  static Defs defs(Params owner) {
    return new Defs(owner);
  }

  /** The Param objects; an estimator keeps one of these and sets their defaults. */
  static final class Defs implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final IntArrayParam hiddenLayers;
    final Param<String> activation;
    final Param<String> optimizer;
    final DoubleParam learningRate;
    final IntParam batchSize;
    final IntParam epochs;
    final LongParam seed;
    final StringArrayParam config;

    private Defs(Params owner) {
      String uid = owner.uid();
      hiddenLayers =
          new IntArrayParam(
              owner,
              "hiddenLayers",
              "hidden layer widths, e.g. [64, 32]; input and output widths come from the data");
      activation =
          new Param<>(
              uid,
              "activation",
              "hidden activation: sigmoid, tanh, relu, leaky_relu, elu, softplus, gelu, identity",
              ParamValidators$.MODULE$.<String>alwaysTrue());
      optimizer =
          new Param<>(
              uid,
              "optimizer",
              "sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw, lamb (optimizer.name)",
              ParamValidators$.MODULE$.<String>alwaysTrue());
      learningRate = new DoubleParam(uid, "learningRate", "base learning rate (optimizer.lr)");
      batchSize = new IntParam(uid, "batchSize", "rows per global minibatch (train.batchSize)");
      epochs = new IntParam(uid, "epochs", "passes over the training rows (train.epochs)");
      seed = new LongParam(uid, "seed", "seed of weights, shuffling and dropout (train.seed)");
      config =
          new StringArrayParam(
              owner,
              "config",
              "further descent configuration keys as key=value (see docs/configuration.md)");
    }
  }

  /** Sets the defaults (those of conf/descent-defaults.properties) on {@code p}. */
  static void setDefaults(DescentParams p, Defs d, Configuration defaults) {
    p.setDefault(d.hiddenLayers, new int[] {64});
    p.setDefault(d.activation, defaults.get("model.activation"));
    p.setDefault(d.optimizer, defaults.get(UpdateConfig.OPTIMIZER_NAME));
    p.setDefault(d.learningRate, Double.parseDouble(defaults.get(UpdateConfig.OPTIMIZER_LR)));
    p.setDefault(d.batchSize, Integer.parseInt(defaults.get("train.batchSize")));
    p.setDefault(d.epochs, Integer.parseInt(defaults.get("train.epochs")));
    p.setDefault(d.seed, Long.parseLong(defaults.get("train.seed")));
    p.setDefault(d.config, new String[0]);
  }

  /**
   * The effective configuration: defaults, then the {@link #config()} pairs, then the typed Params,
   * with {@code model.layers} = features, hidden widths, outputs.
   */
  static Configuration configuration(DescentParams p, int inputs, int outputs) {
    Configuration conf = Configuration.defaults();
    for (String pair : p.getConfig()) {
      int eq = pair.indexOf('=');
      conf.with(pair.substring(0, eq), pair.substring(eq + 1));
    }
    conf.with("model.activation", p.getActivation());
    conf.with(UpdateConfig.OPTIMIZER_NAME, p.getOptimizer());
    conf.with(UpdateConfig.OPTIMIZER_LR, Double.toString(p.getLearningRate()));
    conf.with("train.batchSize", Integer.toString(p.getBatchSize()));
    conf.with("train.epochs", Integer.toString(p.getEpochs()));
    conf.with("train.seed", Long.toString(p.getSeed()));
    List<String> widths = new ArrayList<>();
    widths.add(Integer.toString(inputs));
    Arrays.stream(p.getHiddenLayers()).forEach(w -> widths.add(Integer.toString(w)));
    widths.add(Integer.toString(outputs));
    conf.with("model.layers", String.join(",", widths));
    return conf;
  }

  /** Checks a whole configuration as training would, on placeholder widths. */
  static void validate(DescentParams p, boolean regression) {
    Configuration conf = configuration(p, 1, 2);
    if (regression) {
      conf.with("model.head", "mse");
    }
    ModelConfig.networkSpec(conf);
    UpdateConfig.fromMap(conf.asMap());
    DescentTraining.settings(conf);
  }

  /**
   * {@code setConfig(key, value)}: keys with a typed Param set it, others go to {@link #config()};
   * unknown keys and bad values fail now, naming the key.
   */
  static void setConfig(DescentParams p, Defs d, String key, String value, boolean regression) {
    String k = key.trim();
    if (k.equals("model.layers")) {
      throw new InvalidConfigException(
          k, "model.layers is inferred from the data; set hiddenLayers instead");
    }
    Configuration.defaults().with(k, value); // unknown key → error with a suggestion
    // Try on a copy first so a bad value leaves the estimator as it was.
    DescentParams trial = (DescentParams) p.copy(org.apache.spark.ml.param.ParamMap.empty());
    apply(trial, d, k, value.trim());
    validate(trial, regression);
    apply(p, d, k, value.trim());
  }

  private static void apply(DescentParams p, Defs d, String k, String v) {
    String param =
        KEY_OF_PARAM.entrySet().stream()
            .filter(e -> e.getValue().equals(k))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElse(null);
    ParamsAccess a = new ParamsAccess(p);
    try {
      if (param == null) {
        List<String> pairs =
            Arrays.stream(p.getConfig())
                .filter(s -> !s.substring(0, s.indexOf('=')).equals(k))
                .collect(Collectors.toCollection(ArrayList::new));
        pairs.add(k + "=" + v);
        a.set(d.config, pairs.toArray(String[]::new));
      } else {
        switch (param) {
          case "activation" -> a.set(d.activation, v);
          case "optimizer" -> a.set(d.optimizer, v);
          case "learningRate" -> a.set(d.learningRate, Double.parseDouble(v));
          case "batchSize" -> a.set(d.batchSize, Integer.parseInt(v));
          case "epochs" -> a.set(d.epochs, Integer.parseInt(v));
          default -> a.set(d.seed, Long.parseLong(v));
        }
      }
    } catch (NumberFormatException e) {
      throw new InvalidConfigException(k, k + "='" + v + "' is not a number");
    }
  }

  /** Params.set is protected in Scala (public in bytecode); one place calls it. */
  static final class ParamsAccess {
    private final Params p;

    ParamsAccess(Params p) {
      this.p = p;
    }

    <T> void set(Param<T> param, T value) {
      p.set(param, value);
    }
  }
}
