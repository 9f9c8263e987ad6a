/**
 * The {@code descent} command line: the commands and their options declared once ({@link
 * org.descent.cli.Command}, {@link org.descent.cli.CliOption}), from which parsing, {@code --help}
 * and usage errors come. One line per error naming what, where and how to fix; non-zero exit; stack
 * traces only with {@code --verbose}.
 */
package org.descent.cli;
