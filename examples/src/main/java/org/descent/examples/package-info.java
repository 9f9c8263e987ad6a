/**
 * The course's examples ({@code descent example NAME}): each generates or reads its data, trains
 * through Descent's own trainers ({@link org.descent.ps.train.LocalTrainer} in this process, or
 * {@link org.descent.spark.DistributedTrainer} on the CLI's Spark session), prints what it measured
 * and writes its pictures as PNG files drawn with XChart. {@link org.descent.examples.Examples}
 * lists them; docs/examples.md shows what each one demonstrates.
 */
package org.descent.examples;
