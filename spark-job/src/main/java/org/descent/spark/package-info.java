/**
 * Descent on Spark: the distributed trainer (broadcast the weights, per-partition gradient sums,
 * treeAggregate, the parameter server's update) and its Kryo registration.
 */
package org.descent.spark;
