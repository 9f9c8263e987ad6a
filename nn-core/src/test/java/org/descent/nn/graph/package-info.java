/**
 * A small scalar computational-graph engine ({@link org.descent.nn.graph.Value}), in the style of
 * micrograd. It exists as an independent oracle for layer-level backprop, as in the course: the
 * float32 BLAS layers derive their gradients by hand, and this package derives the same numbers the
 * slow, obvious way (one node per scalar, one local-derivative rule per operation, reverse
 * topological order, {@code +=} accumulation). Tests compare the two. Nothing on the training path
 * depends on it.
 */
package org.descent.nn.graph;
