/**
 * The {@code descent} command line: {@code train}, {@code summary} and {@code help}. One line per
 * error naming what, where and how to fix; non-zero exit; stack traces only with {@code --verbose}.
 */
package org.descent.cli;
