/**
 * The single-process trainer: nn-core computes minibatch gradients, a {@link
 * org.descent.ps.ParameterServer} applies them, exactly as the Spark job does with one partition.
 * It is the reference the distributed trainer is checked against and the quick way to train small
 * data on one machine.
 */
package org.descent.ps.train;
