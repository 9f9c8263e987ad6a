package org.descent.sparktest;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A local SparkSession shared by all tests of a class: started before the first, stopped after the
 * last. Register it as a static field so tests can reach the session:
 *
 * <pre>{@code
 * @RegisterExtension static final LocalSpark SPARK = LocalSpark.withCores(2);
 * ... SPARK.session() ...
 * }</pre>
 *
 * Bound to 127.0.0.1 with the UI off; Kryo with {@code registrationRequired=true} when a
 * registrator is given, so an unregistered class fails the test instead of slowing production.
 */
public final class LocalSpark implements BeforeAllCallback, AfterAllCallback {
  private final String master;
  private final Map<String, String> conf = new LinkedHashMap<>();
  private SparkSession session;

  private LocalSpark(String master) {
    this.master = master;
    conf.put("spark.driver.host", "127.0.0.1");
    conf.put("spark.driver.bindAddress", "127.0.0.1");
    conf.put("spark.ui.enabled", "false");
    conf.put("spark.sql.shuffle.partitions", "4");
    conf.put("spark.default.parallelism", "4");
    conf.put("spark.executorEnv.OPENBLAS_NUM_THREADS", "1");
  }

  /** {@code local[cores]}. */
  public static LocalSpark withCores(int cores) {
    return new LocalSpark("local[" + cores + "]");
  }

  /** Any master URL, e.g. {@code local-cluster[2,1,1024]}. */
  public static LocalSpark withMaster(String master) {
    return new LocalSpark(master);
  }

  /** Adds a Spark setting. */
  public LocalSpark set(String key, String value) {
    conf.put(key, value);
    return this;
  }

  /** Kryo with this registrator and {@code spark.kryo.registrationRequired=true}. */
  public LocalSpark withKryo(String registratorClass) {
    conf.put("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    conf.put("spark.kryo.registrator", registratorClass);
    conf.put("spark.kryo.registrationRequired", "true");
    return this;
  }

  public SparkSession session() {
    if (session == null) {
      throw new IllegalStateException("the SparkSession starts before the first test of the class");
    }
    return session;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    SparkSession.Builder b =
        SparkSession.builder().master(master).appName(context.getDisplayName());
    conf.forEach(b::config);
    session = b.getOrCreate();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (session != null) {
      session.stop();
      session = null;
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }
  }
}
