/**
 * JUnit 5 help for Spark tests, ScalaTest-free: {@link org.descent.sparktest.LocalSpark} gives a
 * test class one shared local SparkSession bound to 127.0.0.1; {@link
 * org.descent.sparktest.SparkAssertions} compares DataFrames and RDDs with a float tolerance.
 */
package org.descent.sparktest;
