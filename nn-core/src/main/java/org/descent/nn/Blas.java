package org.descent.nn;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The BLAS every kernel uses: {@code dev.ludovic.netlib}, the same library Spark uses. It picks
 * native OpenBLAS when {@code libblas.so.3} is installed (Debian {@code libopenblas0-pthread}) and
 * a pure-Java implementation otherwise (SIMD with {@code --add-modules=jdk.incubator.vector}).
 * Which one runs is logged once, because the difference is 5–10× in speed.
 */
public final class Blas {
  private static final BLAS INSTANCE = load();

  private Blas() {}

  public static BLAS get() {
    return INSTANCE;
  }

  /** The implementation's class name, e.g. {@code JNIBLAS} (native) or {@code VectorBLAS}. */
  public static String implementation() {
    return INSTANCE.getClass().getSimpleName();
  }

  private static BLAS load() {
    BLAS blas = BLAS.getInstance();
    String name = blas.getClass().getSimpleName();
    System.Logger log = System.getLogger(Blas.class.getName());
    if (name.equals("JNIBLAS")) {
      log.log(System.Logger.Level.INFO, "BLAS: native (" + name + ", system libblas.so.3)");
    } else {
      log.log(
          System.Logger.Level.WARNING,
          "BLAS: pure Java ("
              + name
              + "); install libopenblas0-pthread for native speed (5-10x faster matrix work)");
    }
    return blas;
  }
}
