package org.descent.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which configuration keys hold secrets: any whose name contains {@code secret}, {@code password}
 * or {@code token} (case-insensitive), e.g. {@code spark.authenticate.secret} or an object store's
 * access token. Their values never go into saved models or reports.
 */
public final class SecretKeys {
  /** What a masked value shows. */
  public static final String MASK = "********";

  private SecretKeys() {}

  public static boolean isSecret(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return lower.contains("secret") || lower.contains("password") || lower.contains("token");
  }

  /**
   * A copy of {@code settings} (same order) with every secret's value replaced by {@link #MASK}.
   */
  public static Map<String, String> masked(Map<String, String> settings) {
    Map<String, String> out = new LinkedHashMap<>();
    settings.forEach((k, v) -> out.put(k, isSecret(k) ? MASK : v));
    return out;
  }
}
