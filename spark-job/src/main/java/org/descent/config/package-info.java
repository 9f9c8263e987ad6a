/**
 * Descent's job configuration: flat, namespaced keys ({@code model.layers}, {@code optimizer.lr},
 * …) declared once in the registry ({@link org.descent.ps.config.ConfigKeys}) with their defaults,
 * overridden by {@code --conf FILE} and then {@code --set key=value}. Unknown keys are errors with
 * a suggestion. The test sources' {@code ConfigurationReference} renders the registry as
 * conf/descent-defaults.properties and docs/configuration.md.
 */
package org.descent.config;
