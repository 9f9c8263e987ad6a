package org.descent.ml;

import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.descent.data.DataSettings;
import org.descent.nn.FeatureScaling;
import org.descent.nn.NetworkSpec;
import org.descent.nn.ParameterLayout;
import org.descent.ps.FlatConfig;
import org.descent.ps.InvalidConfigException;
import org.descent.ps.config.DataKeys;

/**
 * Whether {@code fit} trains on CSR blocks through nn-core's sparse first layer ({@code
 * sparseInput}, key {@code data.sparse}), by the command line's rule for libsvm input: {@code auto}
 * keeps a column holding {@link org.apache.spark.ml.linalg.SparseVector}s sparse when under {@link
 * DataSettings#AUTO_SPARSE_DENSITY} of its entries are stored and the scaling keeps zeros; {@code
 * true} always (dense vectors packed by their non-zeros), refusing a scaling that shifts columns;
 * {@code false} never.
 */
final class SparseChoice {
  private static final Logger LOG = LogManager.getLogger(SparseChoice.class);

  static final String KEY = DataKeys.SPARSE.name();

  private SparseChoice() {}

  /**
   * The feature scaling of a fit: {@code chosen}, except that under {@code auto} a sparse column
   * (under {@link DataSettings#AUTO_SPARSE_DENSITY} stored) whose scaling the user did not set is
   * scaled by {@code maxabs} instead of the default {@code standardize}, which would shift every
   * column and make its rows dense — a HashingTF column of 2^18 features would then not fit in
   * memory. Says so in one log line.
   */
  static FeatureScaling.Mode scaling(
      FlatConfig flat,
      FeatureScaling.Mode chosen,
      boolean userChose,
      boolean anySparse,
      double density,
      String featuresCol) {
    String setting = setting(flat);
    boolean sparse =
        setting.equals("true") || (setting.equals("auto") && sparseColumn(anySparse, density));
    if (userChose || chosen.keepsZeros() || !sparse) {
      return chosen;
    }
    LOG.info(
        "fit: the sparse features column '{}' is scaled by maxabs (each column divided by its"
            + " largest magnitude), not by the default {}, which would make its rows dense;"
            + " setScaling(...) chooses",
        featuresCol,
        chosen.name().toLowerCase(Locale.ROOT));
    return FeatureScaling.Mode.MAXABS;
  }

  /** {@code sparseInput}: auto, true or false. */
  private static String setting(FlatConfig flat) {
    return DataKeys.SPARSE.read(flat);
  }

  /** What {@code auto} takes for a sparse column: sparse vectors, few of their entries stored. */
  private static boolean sparseColumn(boolean anySparse, double density) {
    return anySparse && density < DataSettings.AUTO_SPARSE_DENSITY;
  }

  static boolean keepSparse(
      FlatConfig flat,
      boolean anySparse,
      double density,
      FeatureScaling.Mode scaling,
      NetworkSpec spec,
      String featuresCol,
      boolean warm) {
    String setting = setting(flat);
    String scalingName = scaling.name().toLowerCase(Locale.ROOT);
    String from = warm ? " (the initial model's)" : "";
    boolean tiedTransposed = ParameterLayout.of(spec).dense(0).transposed();
    switch (setting) {
      case "false":
        return false;
      case "true":
        if (!scaling.keepsZeros()) {
          throw new InvalidConfigException(
              DataKeys.SCALING.name(),
              "scaling="
                  + scalingName
                  + from
                  + " shifts every column, which would make sparse rows dense; with"
                  + " sparseInput=true use setScaling(\"maxabs\"), \"divide\" or \"none\"");
        }
        return true;
      default:
        boolean keep = sparseColumn(anySparse, density) && scaling.keepsZeros() && !tiedTransposed;
        if (anySparse && !keep) {
          LOG.warn(
              "fit: the sparse features column '{}' ({}% stored entries) is densified: {}",
              featuresCol,
              String.format(Locale.ROOT, "%.3f", 100 * density),
              !scaling.keepsZeros()
                  ? "scaling="
                      + scalingName
                      + from
                      + " shifts every column; setScaling(\"maxabs\") or \"none\" keeps it sparse"
                  : tiedTransposed
                      ? "the first dense layer uses another layer's matrix transposed"
                      : "it holds at least "
                          + (int) (100 * DataSettings.AUTO_SPARSE_DENSITY)
                          + "% stored entries, where dense steps are as fast;"
                          + " setSparseInput(\"true\") keeps it sparse");
        }
        return keep;
    }
  }
}
