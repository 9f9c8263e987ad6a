package org.descent.config;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a model came from, saved with it: versions, time, the data and every configuration key.
 * Never secrets: keys that mention a secret, password or token are left out.
 */
public final class Provenance {
  private Provenance() {}

  /**
   * @param sparkVersion the running Spark's version
   * @param data where the training rows came from (a path, or a description of a DataFrame)
   */
  public static Map<String, String> of(Configuration conf, String sparkVersion, String data) {
    Map<String, String> p = new LinkedHashMap<>();
    String version = Provenance.class.getPackage().getImplementationVersion();
    p.put("descent.version", version == null ? "dev" : version);
    p.put("spark.version", sparkVersion);
    p.put("java.version", System.getProperty("java.version"));
    p.put("trained.at", Instant.now().toString());
    p.put("data.train", data);
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
