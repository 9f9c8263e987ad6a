package org.descent.ps.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.descent.nn.FeatureScaling;

/** The datasets bundled in the project's data/ folder, split 80/20 with a seed, scaled. */
final class BundledData {
  static final Path DIR = Path.of("..", "data");

  private BundledData() {}

  /** [train, test], features divided by 16 (pixels 0..16). */
  static Dataset[] digits(long seed) {
    Dataset all = read("digits.csv.gz", "label", 10);
    Dataset[] parts = all.split(0.8, seed);
    for (Dataset d : parts) {
      FeatureScaling.divide(d.width(), 16f).apply(d.features(), 0, d.rows());
    }
    return parts;
  }

  /** [train, test], features standardised with the training rows' statistics. */
  static Dataset[] diabetes(long seed) {
    Dataset all = read("diabetes.csv", "target", 0);
    Dataset[] parts = all.split(0.8, seed);
    FeatureScaling.Statistics s = new FeatureScaling.Statistics(all.width());
    s.add(parts[0].features(), 0, parts[0].rows());
    FeatureScaling scaling = FeatureScaling.fit(FeatureScaling.Mode.STANDARDIZE, s, 1);
    for (Dataset d : parts) {
      scaling.apply(d.features(), 0, d.rows());
    }
    return parts;
  }

  static FeatureScaling targetStandardization(Dataset train) {
    FeatureScaling.Statistics s = new FeatureScaling.Statistics(train.targetWidth());
    s.add(train.targets(), 0, train.rows());
    return FeatureScaling.fit(FeatureScaling.Mode.STANDARDIZE, s, 1);
  }

  private static Dataset read(String file, String label, int classes) {
    try {
      return CsvDatasetReader.read(DIR.resolve(file), label, classes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
