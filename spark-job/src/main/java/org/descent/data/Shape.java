package org.descent.data;

import org.descent.nn.NetworkSpec;

/**
 * What the network expects of every row.
 *
 * @param width features per row (the input width)
 * @param targetWidth targets per row (1 for classifiers: the class index)
 * @param classes number of classes, or 0 for regression
 */
record Shape(int width, int targetWidth, int classes) {
  static Shape of(NetworkSpec spec) {
    boolean classifier = spec.loss().isClassification();
    return new Shape(
        spec.inputWidth(),
        spec.loss().targetWidth(spec.outputWidth()),
        classifier ? spec.loss().classCount(spec.outputWidth()) : 0);
  }
}
