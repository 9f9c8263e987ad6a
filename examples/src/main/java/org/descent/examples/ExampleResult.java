package org.descent.examples;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What an example measured (name → value, in the order printed) and the pictures it wrote.
 *
 * @param numbers e.g. {@code relu.accuracy → 0.99}
 * @param pictures the PNG files, in the output directory
 */
record ExampleResult(Map<String, Double> numbers, List<Path> pictures) {}
