package org.descent.cli;

import org.apache.hadoop.util.VersionInfo;
import org.descent.config.Provenance;

/**
 * {@code descent --version}: Descent's version and git commit, and the Spark, Scala, Hadoop and
 * Java it runs with (what a bug report needs). The commit is the system property {@code
 * descent.git.commit}, which the launcher sets from the checkout it runs.
 */
final class Version {
  private Version() {}

  static String text() {
    String commit = System.getProperty("descent.git.commit", "").strip();
    return "descent "
        + Provenance.descentVersion()
        + " (git "
        + (commit.isEmpty() ? "unknown" : commit)
        + ")\n"
        + "Spark "
        + org.apache.spark.package$.MODULE$.SPARK_VERSION()
        + ", Scala "
        + scala.util.Properties.versionNumberString()
        + ", Hadoop "
        + VersionInfo.getVersion()
        + ", Java "
        + System.getProperty("java.version")
        + "\n";
  }
}
