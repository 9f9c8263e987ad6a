package org.descent.data;

import org.descent.nn.NetworkSpec;
import org.descent.ps.InvalidConfigException;
import org.descent.ps.config.DataKeys;

/**
 * What the network expects of every row.
 *
 * @param width features per row (the input width)
 * @param targetWidth targets per row (1 for classifiers: the class index)
 * @param classes number of classes, or 0 for regression
 */
record Shape(int width, int targetWidth, int classes) {
  /**
   * Refuses a network that needs more than one target per row, for a {@code format} that holds one
   * label per {@code record}; {@code advice} ends the message.
   */
  void requireOneTarget(String format, String record, String advice) {
    if (targetWidth != 1) {
      throw new InvalidConfigException(
          DataKeys.FORMAT.name(),
          DataKeys.FORMAT.name()
              + "="
              + format
              + " holds one label per "
              + record
              + ", but the network needs "
              + targetWidth
              + " targets"
              + advice);
    }
  }

  static Shape of(NetworkSpec spec) {
    boolean classifier = spec.loss().isClassification();
    return new Shape(
        spec.inputWidth(),
        spec.loss().targetWidth(spec.outputWidth()),
        classifier ? spec.loss().classCount(spec.outputWidth()) : 0);
  }
}
