package org.descent.nn;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The three matrix products of a dense layer, through BLAS on offsets into the flat arrays, for a
 * layer that multiplies by its own matrix or by a tied owner's ({@link Tie}). Row-major {@code [r,
 * c]} storage is column-major {@code [c, r]} to BLAS, so every product is one {@code sgemm} with no
 * copy:
 *
 * <ul>
 *   <li>own matrix M = W stored {@code [in, out]} (column-major Mᵀ, ld = out);
 *   <li>transposed use M = Wᵀ, W the owner's {@code [out, in]} storage (column-major M, ld = in).
 * </ul>
 *
 * Rows are row-major {@code [rows, width]}. Each method writes into the caller's buffer, as its doc
 * says.
 */
final class DenseKernel {
  private static final BLAS BLAS = Blas.get();

  private DenseKernel() {}

  /** Adds A·M into {@code z} ({@code [rows, out]}, already holding the biases). */
  static void forward(
      ParameterLayout.Dense d, float[] params, float[] a, int aOff, int rows, float[] z) {
    int in = d.in();
    int out = d.out();
    if (d.transposed()) {
      // Zᵀ = Mᵀ·Aᵀ with M held column-major: transpose it in BLAS.
      BLAS.sgemm(
          "T", "N", out, rows, in, 1f, params, d.weightOffset(), in, a, aOff, in, 1f, z, 0, out);
    } else {
      // Zᵀ = Wᵀ·Aᵀ with Wᵀ held column-major.
      BLAS.sgemm(
          "N", "N", out, rows, in, 1f, params, d.weightOffset(), out, a, aOff, in, 1f, z, 0, out);
    }
  }

  /**
   * Writes (or, with {@code add}, adds) G = Aᵀ·dZ, the gradient of the matrix this use multiplies
   * by, into the owner's slot of {@code grad} in the owner's storage order: as it is for an own
   * matrix, transposed back (Gᵀ) for a transposed use.
   */
  static void weightGradient(
      ParameterLayout.Dense d,
      float[] a,
      int aOff,
      float[] dz,
      int rows,
      float[] grad,
      boolean add) {
    int in = d.in();
    int out = d.out();
    float beta = add ? 1f : 0f;
    if (d.transposed()) {
      // The slot is Gᵀ row-major [out, in] = G column-major [in, out]: G = (Aᵀ)·(dZᵀ)ᵀ.
      BLAS.sgemm(
          "N", "T", in, out, rows, 1f, a, aOff, in, dz, 0, out, beta, grad, d.weightOffset(), in);
    } else {
      // The slot is G row-major = Gᵀ column-major: Gᵀ = dZᵀ·A.
      BLAS.sgemm(
          "N", "T", out, in, rows, 1f, dz, 0, out, a, aOff, in, beta, grad, d.weightOffset(), out);
    }
  }

  /** Writes dA = dZ·Mᵀ into {@code da} ({@code [rows, in]}). */
  static void inputGradient(
      ParameterLayout.Dense d, float[] params, float[] dz, int rows, float[] da) {
    int in = d.in();
    int out = d.out();
    if (d.transposed()) {
      // dAᵀ = M·dZᵀ with M held column-major.
      BLAS.sgemm(
          "N", "N", in, rows, out, 1f, params, d.weightOffset(), in, dz, 0, out, 0f, da, 0, in);
    } else {
      // dAᵀ = M·dZᵀ with Mᵀ held column-major: transpose it in BLAS.
      BLAS.sgemm(
          "T", "N", in, rows, out, 1f, params, d.weightOffset(), out, dz, 0, out, 0f, da, 0, in);
    }
  }
}
