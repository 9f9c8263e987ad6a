/**
 * Descent's job configuration: flat, namespaced keys ({@code model.layers}, {@code optimizer.lr},
 * …) with defaults from {@code descent-defaults.properties}, overridden by {@code --conf FILE} and
 * then {@code --set key=value}. Unknown keys are errors with a suggestion.
 */
package org.descent.config;
