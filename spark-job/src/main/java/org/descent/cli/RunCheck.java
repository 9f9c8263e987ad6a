package org.descent.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.descent.config.Configuration;
import org.descent.io.CheckpointStore;
import org.descent.io.RunIdentity;
import org.descent.ps.InvalidConfigException;

/**
 * {@code descent train}'s checks that a checkpoint directory holds one run: a new run refuses
 * another run's checkpoints (unless {@code --overwrite}), and {@code --resume} refuses a checkpoint
 * of a different run (unless {@code --force}) and says which settings it takes from the checkpoint
 * (docs/checkpoints.md).
 */
final class RunCheck {
  private RunCheck() {}

  /**
   * A new run refuses a checkpoint directory that holds another run's checkpoints (its retention
   * would delete the new run's, and a later --resume would load the old run), naming that run and
   * the ways on; with --overwrite it removes them first.
   */
  static void refuseOrRemoveAnotherRun(
      CheckpointStore checkpoints, boolean overwrite, PrintStream out) {
    List<Path> existing = checkpoints.list();
    if (existing.isEmpty()) {
      return;
    }
    String which = describeRun(checkpoints, existing);
    if (overwrite) {
      int removed = checkpoints.deleteAll();
      out.printf(
          "descent: --overwrite: removed %d checkpoints of %s from %s%n",
          removed, which, checkpoints.dir());
      return;
    }
    throw new InvalidConfigException(
        "--overwrite",
        checkpoints.dir()
            + " holds "
            + existing.size()
            + " checkpoints of another run ("
            + which
            + "); add --resume to continue that run, --overwrite to remove them and start a new"
            + " one, or choose another --out or train.checkpointDir");
  }

  /** "run ID started T, newest step-….ckpt (step S)", or as much of it as can be read. */
  private static String describeRun(CheckpointStore checkpoints, List<Path> files) {
    Path newest = files.get(files.size() - 1);
    try {
      CheckpointStore.Stored s = checkpoints.readStored(newest);
      String id = s.identity().runId();
      String started = s.identity().get(RunIdentity.RUN_STARTED);
      return (id.isEmpty() ? "a run" : "run " + id)
          + (started == null ? "" : " started " + started)
          + ", newest "
          + newest.getName()
          + " at step "
          + s.checkpoint().step();
    } catch (RuntimeException e) {
      return "newest " + newest.getName() + ", unreadable";
    }
  }

  /**
   * Compares the checkpoint's run identity with this run's: refuses any difference in what changes
   * the result (each key with both values) unless --force, and announces in one line the optimiser
   * settings that come from the checkpoint rather than the command line. Returns the configuration
   * that really trains (the command line's, with the checkpoint's optimiser settings), for the
   * model's provenance.
   */
  static Configuration checkResume(
      CheckpointStore.Stored stored,
      RunIdentity now,
      Configuration conf,
      boolean force,
      PrintStream out) {
    RunIdentity then = stored.identity();
    String file = stored.file().getName();
    if (then.values().isEmpty()) {
      if (!force) {
        throw new InvalidConfigException(
            "--resume",
            "--resume: "
                + file
                + " records no run identity, so it cannot be checked to belong to this run;"
                + " add --force to continue from it anyway");
      }
    } else {
      List<String> differ = now.differences(then, RunIdentity.Kind.MUST_MATCH);
      if (!differ.isEmpty()) {
        if (!force) {
          throw new InvalidConfigException(
              "--resume",
              "--resume: "
                  + file
                  + " belongs to a different run: "
                  + String.join("; ", differ)
                  + ". Resume with the first run's settings and data, or add --force to continue"
                  + " anyway");
        }
        out.println("descent: --resume --force: continuing although " + String.join("; ", differ));
      }
    }
    Configuration used = conf.copy();
    List<String> taken = new ArrayList<>();
    Map<String, String> current = used.asMap();
    for (Map.Entry<String, String> e : then.configuration().entrySet()) {
      String key = e.getKey();
      if (RunIdentity.kindOf(RunIdentity.CONFIG + key) == RunIdentity.Kind.FROM_CHECKPOINT
          && current.containsKey(key)
          && !e.getValue().equals(current.get(key))) {
        taken.add(key + "=" + e.getValue() + " (command line: " + current.get(key) + ")");
        used.with(key, e.getValue());
      }
    }
    if (!taken.isEmpty()) {
      out.println(
          "descent: --resume continues with the checkpoint's optimiser settings, not the command"
              + " line's: "
              + String.join(", ", taken));
    }
    return used;
  }
}
