/**
 * Descent's local backprop core: the network specification ({@link org.descent.nn.NetworkSpec}),
 * the flat parameter layout ({@link org.descent.nn.ParameterLayout}), and forward/backward over a
 * minibatch ({@link org.descent.nn.Network}) through BLAS, in float32. No Spark, no optimisers: the
 * same code runs inside a Spark task and in the single-process trainer.
 */
package org.descent.nn;
