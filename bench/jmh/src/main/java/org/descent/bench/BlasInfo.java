package org.descent.bench;

import java.util.concurrent.atomic.AtomicBoolean;
import org.descent.nn.Blas;

/**
 * Prints which BLAS nn-core uses and the FLOP convention; {@code bench/jmh-report.sh} runs it
 * before the benchmarks, and every benchmark JVM prints the implementation once.
 */
public final class BlasInfo {
  private static final AtomicBoolean PRINTED = new AtomicBoolean();

  private BlasInfo() {}

  static void printOnce() {
    if (PRINTED.compareAndSet(false, true)) {
      System.out.println(
          "BLAS implementation: "
              + Blas.implementation()
              + " (OPENBLAS_NUM_THREADS="
              + System.getenv("OPENBLAS_NUM_THREADS")
              + ")");
    }
  }

  public static void main(String[] args) {
    printOnce();
    System.out.println("weights (excluding biases): " + Mlp.weights(Mlp.spec()));
  }
}
