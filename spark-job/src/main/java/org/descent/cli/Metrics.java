package org.descent.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.descent.ps.train.EpochMetrics;
import org.descent.ps.train.Evaluation;

/** Metrics as a line for people and as a map for summary.json. */
final class Metrics {
  private Metrics() {}

  static String format(Evaluation e, boolean classifier) {
    return classifier
        ? String.format(
            Locale.ROOT, "loss %.4f, accuracy %.4f (%d rows)", e.loss(), e.accuracy(), e.rows())
        : String.format(
            Locale.ROOT,
            "loss %.4f, MSE %.4f, MAE %.4f, R² %.4f (%d rows)",
            e.loss(),
            e.mse(),
            e.mae(),
            e.r2(),
            e.rows());
  }

  static Map<String, Object> map(Evaluation e, boolean classifier) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("loss", e.loss());
    if (classifier) {
      m.put("accuracy", e.accuracy());
    } else {
      m.put("mse", e.mse());
      m.put("mae", e.mae());
      m.put("r2", e.r2());
    }
    m.put("rows", e.rows());
    return m;
  }

  static Map<String, Object> validation(EpochMetrics m, boolean classifier) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("loss", m.validationLoss());
    if (classifier) {
      v.put("accuracy", m.validationAccuracy());
      v.put("f1", m.validationF1());
    } else {
      v.put("mse", m.validationMse());
      v.put("mae", m.validationMae());
      v.put("r2", m.validationR2());
    }
    return v;
  }
}
