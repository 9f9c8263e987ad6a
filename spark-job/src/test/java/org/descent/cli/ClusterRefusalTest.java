package org.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A driver the cluster refuses is one line naming the secret setting (exit 5), whatever Spark
 * throws on the way: the SASL failure itself, or only the "stopped SparkContext" that follows "All
 * masters are unresponsive". (The end-to-end case against a real secured cluster is in
 * StandaloneClusterIT, tag {@code cluster}.)
 */
class ClusterRefusalTest {
  @Test
  void aSaslFailureIsNamedAsAnAuthenticationRefusal() {
    RuntimeException e =
        new RuntimeException(
            "java.io.IOException: Failed to send RPC",
            new IllegalStateException(
                "Expected SaslMessage, received something else (maybe your client does not have"
                    + " SASL enabled?)"));
    String m = ClusterRefusal.message(e);
    assertTrue(m.startsWith("the cluster refused the driver's authentication"), m);
    assertTrue(m.contains("spark.authenticate.secret"), m);
  }

  @Test
  void aStoppedContextAfterUnresponsiveMastersNamesTheSecretToo() {
    IllegalStateException e =
        new IllegalStateException(
            "Cannot call methods on a stopped SparkContext. This stopped SparkContext was created"
                + " at: ... The currently active SparkContext was created at: (No active"
                + " SparkContext.)");
    String m = ClusterRefusal.message(e);
    assertTrue(m.contains("refused the driver or never answered"), m);
    assertTrue(m.contains("spark.authenticate.secret"), m);
    assertTrue(m.contains("--master"), m);
  }

  @Test
  void aJobCancelledByTheStoppedContextIsARefusalEvenAsACheckedSparkException() {
    Exception e =
        new org.apache.spark.SparkException("Job 0 cancelled because SparkContext was shut down");
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int code =
        Main.handle(
            e, false, new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(Main.EXIT_CLUSTER, code);
    assertTrue(
        err.toString(java.nio.charset.StandardCharsets.UTF_8)
            .contains("spark.authenticate.secret"));
  }

  @Test
  void otherFailuresAreNotRefusals() {
    assertNull(ClusterRefusal.message(new IllegalStateException("something else broke")));
  }

  @Test
  void theCliPrintsOneLineAndExits5AndKeepsTheTraceWithVerbose() {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int code =
        Main.handle(
            new IllegalStateException("Cannot call methods on a stopped SparkContext."),
            false,
            new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    String text = err.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(Main.EXIT_CLUSTER, code);
    assertEquals(1, text.strip().lines().count(), text);
    assertTrue(text.startsWith("descent: the cluster refused"), text);
    java.io.ByteArrayOutputStream verbose = new java.io.ByteArrayOutputStream();
    Main.handle(
        new IllegalStateException("Cannot call methods on a stopped SparkContext."),
        true,
        new java.io.PrintStream(verbose, true, java.nio.charset.StandardCharsets.UTF_8));
    assertTrue(verbose.toString(java.nio.charset.StandardCharsets.UTF_8).contains("\tat "));
  }
}
