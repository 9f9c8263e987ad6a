package org.descent.config;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.descent.ps.config.DataKeys;

/**
 * Where a model came from, saved with it: versions, time, the data and every configuration key.
 * Never secrets: keys that mention a secret, password or token are left out.
 */
public final class Provenance {
  private Provenance() {}

  /** This Descent's version (the jar's Implementation-Version), or "dev" outside a jar. */
  public static String descentVersion() {
    String version = Provenance.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  /**
   * @param sparkVersion the running Spark's version
   * @param data where the training rows came from (a path, or a description of a DataFrame)
   */
  public static Map<String, String> of(Configuration conf, String sparkVersion, String data) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("descent.version", descentVersion());
    p.put("spark.version", sparkVersion);
    p.put("java.version", System.getProperty("java.version"));
    p.put("trained.at", Instant.now().toString());
    p.put(DataKeys.TRAIN.name(), data);
    conf.asMap()
        .forEach(
            (k, v) -> {
              if (!SecretKeys.isSecret(k)) {
                p.put("config." + k, v);
              }
            });
    return p;
  }
}
