package org.descent.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.descent.spark.SparkDefaults;

/**
 * The SparkSession of a CLI run. Without {@code --master} (and no {@code spark.master} from
 * spark-submit) it runs in local mode on every core, with {@link SparkDefaults} (Kryo with
 * Descent's registrator, one OpenBLAS thread per task, ...). In local mode the driver binds to
 * 127.0.0.1 and the UI is off.
 */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession open(String master, String appName) {
    SparkConf conf = new SparkConf(true);
    if (master != null) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    boolean local = conf.get("spark.master").startsWith("local");
    conf.setAppName(conf.get("spark.app.name", appName));
    SparkDefaults.applyTo(conf);
    String coreType = System.getenv("OPENBLAS_CORETYPE");
    if (coreType != null && !coreType.isBlank()) {
      // The launcher's OpenBLAS kernel choice (docs/performance.md) applies to executors too.
      conf.setIfMissing("spark.executorEnv.OPENBLAS_CORETYPE", coreType);
    }
    if (local) {
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      conf.setIfMissing("spark.ui.enabled", "false");
    }
    return SparkSession.builder().config(conf).getOrCreate();
  }
}
