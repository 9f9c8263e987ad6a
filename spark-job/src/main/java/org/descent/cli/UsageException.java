package org.descent.cli;

/**
 * A command line the command cannot take (an unknown or repeated option, a missing value or
 * operand): exit code {@value Main#EXIT_USAGE}, with the command's usage line after the message.
 */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Command command;

  UsageException(Command command, String message) {
    super(message);
    this.command = command;
  }

  /** The command whose usage to show; null for the command name itself. */
  Command command() {
    return command;
  }
}
