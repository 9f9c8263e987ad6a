package org.descent.ml;

import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.descent.config.Configuration;
import org.descent.config.ModelConfig;
import org.descent.config.TrainConfig;
import org.descent.ps.UpdateConfig;
import org.descent.ps.config.DataKeys;
import org.descent.ps.config.ModelKeys;
import org.descent.ps.config.TrainKeys;
import org.descent.ps.config.UpdateKeys;
import scala.runtime.AbstractFunction1;

/**
 * Whether a Param value is valid, judged as training would judge it before the data is known: the
 * check behind {@code setConfig} and behind each key Param's validator. Which Params exist and
 * their defaults are {@link ParamSupport}'s.
 */
final class ParamValidation {
  private ParamValidation() {}

  /**
   * The validator of {@code key}'s Param, for the classifier or the regressor; {@code defaultValue}
   * is the key's default in the Param's type.
   */
  static <T> scala.Function1<T, Object> validator(
      String key, boolean regression, Object defaultValue) {
    return new KeyCheck<>(key, regression, defaultValue);
  }

  /** Checks a whole configuration as training would, on placeholder widths. */
  static void validate(Configuration conf, boolean regression) {
    if (regression) {
      conf.with(ModelKeys.HEAD, "mse");
    } else if (conf.get(ModelKeys.HEAD).trim().equalsIgnoreCase("sigmoid")) {
      // The placeholder widths end in 2 outputs; the sigmoid head has one (fit gives it one).
      String layers = conf.get(ModelKeys.LAYERS);
      conf.with(ModelKeys.LAYERS, layers.substring(0, layers.lastIndexOf(',') + 1) + "1");
    }
    // model.ties can be checked against shapes only once the data gives the input and output
    // widths (fit does): here its syntax, and the rest of the network without it.
    ModelConfig.ties(conf);
    ModelConfig.networkSpec(conf.copy().with(ModelKeys.TIES, ""));
    // schedule.totalSteps=0 means "the whole run", known once the data is: until then a length
    // that cannot undercut the warm-up (fit checks the real one).
    UpdateConfig.fromMap(TrainConfig.withWholeRunSchedule(conf, placeholderWholeRun(conf)));
    TrainConfig.settings(conf);
    conf.read(TrainKeys.STEP_TRANSPORT);
    conf.read(DataKeys.SPARSE);
    conf.read(DataKeys.ON_BAD_RECORD);
    org.descent.ps.train.EarlyStopMetric.of(conf.flat(), !regression);
    org.descent.ps.train.EarlyStopMetric.tol(conf.flat());
    // In [0, 1): a share of the rows held out for per-epoch validation metrics.
    conf.read(DataKeys.VALIDATION_FRACTION);
  }

  /**
   * A whole-run length longer than schedule.warmupSteps, for validating before the data is known;
   * an unreadable warm-up gets an arbitrary length and fails on its own.
   */
  private static long placeholderWholeRun(Configuration conf) {
    long placeholder = 1000;
    try {
      long warmup = Long.parseLong(conf.get(UpdateKeys.SCHEDULE_WARMUP_STEPS).trim());
      if (warmup >= placeholder && warmup < Long.MAX_VALUE) {
        placeholder = warmup + 1;
      }
    } catch (NumberFormatException e) {
      // UpdateConfig names the key.
    }
    return placeholder;
  }

  /**
   * A Param's validator: the value alone, on top of the defaults, must pass the checks training
   * makes. Spark reports only "invalid value"; {@code setConfig} and {@code fit} give the reason.
   *
   * <p>Spark's setDefault validates too, so every construction and copy of an estimator tests each
   * key's default: that result is worked out once per key and estimator kind and remembered.
   */
  private static final class KeyCheck<T> extends AbstractFunction1<T, Object>
      implements Serializable {
    private static final long serialVersionUID = 1L;

    /** "c:" or "r:" (classifier or regressor) + key → whether the key's default passes. */
    private static final Map<String, Boolean> DEFAULT_PASSES = new ConcurrentHashMap<>();

    private final String key;
    private final boolean regression;

    /** The key's default in its Param's type. */
    private final Object defaultValue;

    KeyCheck(String key, boolean regression, Object defaultValue) {
      this.key = key;
      this.regression = regression;
      this.defaultValue = defaultValue;
    }

    @Override
    public Object apply(T value) {
      if (defaultValue != null && defaultValue.equals(value)) {
        return DEFAULT_PASSES.computeIfAbsent(
            (regression ? "r:" : "c:") + key, k -> validates(value));
      }
      return validates(value);
    }

    private boolean validates(Object value) {
      try {
        Configuration conf = Configuration.defaults().with(ModelKeys.LAYERS, "1,2");
        conf.with(key, String.valueOf(value));
        validate(conf, regression);
        return true;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
  }
}
