/**
 * spark.ml integration: {@link org.descent.ml.DescentClassifier} and {@link
 * org.descent.ml.DescentRegressor} are Predictors that train with the distributed trainer; their
 * models predict row by row with nn-core and persist as Spark ML metadata plus {@code
 * data/model.bin} in nn-core's model format.
 */
package org.descent.ml;
