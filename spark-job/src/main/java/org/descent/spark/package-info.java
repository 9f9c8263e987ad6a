/**
 * Descent on Spark: the distributed trainer ({@link org.descent.spark.DistributedTrainer}) and the
 * three ways its steps reach the tasks ({@link org.descent.spark.StepTransport}): a Spark job per
 * step (broadcast, per-partition gradient sums, the ordered sum), or an epoch of resident tasks
 * meeting the driver in memory (local mode) or over Spark's authenticated network transport
 * (clusters: {@link org.descent.spark.StepEndpoint}, {@link org.descent.spark.ExecutorSteps}). Also
 * validation, the learning-rate range test and the Kryo registration.
 */
package org.descent.spark;
