/**
 * The configuration registry: every key Descent reads, declared once as a typed {@link
 * org.descent.ps.config.ConfigKey} constant with its default, range, unit and one-line doc, grouped
 * by section ({@link org.descent.ps.config.ModelKeys}, {@link org.descent.ps.config.DataKeys},
 * {@link org.descent.ps.config.TrainKeys}, {@link org.descent.ps.config.RunKeys}, {@link
 * org.descent.ps.config.UpdateKeys}) and listed in order by {@link
 * org.descent.ps.config.ConfigKeys}. The defaults file, docs/configuration.md, unknown-key errors,
 * {@code descent config} and the spark.ml Params are all derived from it. Code names a key by its
 * constant, never by a string literal (a test in spark-job enforces it).
 */
package org.descent.ps.config;
