package org.descent.cli;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.descent.nn.NetworkSpec;
import org.descent.ps.InvalidConfigException;
import org.descent.ps.config.DataKeys;

/**
 * data.classNames: a classifier's class names, in class-index order. Checked when training (one
 * name per class, distinct, usable as a column name); saved in the model's provenance, where {@code
 * descent predict} finds them for its probability columns.
 */
final class ClassNames {
  private static final String KEY = DataKeys.CLASS_NAMES.name();

  /** Where a trained model's provenance keeps the configured names. */
  static final String PROVENANCE_KEY = "config." + KEY;

  private ClassNames() {}

  /** The names of {@code value} (empty list for none), checked against {@code spec}'s classes. */
  static List<String> parse(String value, NetworkSpec spec) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    List<String> names = Arrays.stream(value.split(",")).map(String::strip).toList();
    if (!spec.loss().isClassification()) {
      throw new InvalidConfigException(
          KEY, KEY + " names classes, but the network is a regression; leave it empty");
    }
    int classes = spec.loss().classCount(spec.outputWidth());
    if (names.size() != classes) {
      throw new InvalidConfigException(
          KEY,
          KEY
              + " lists "
              + names.size()
              + " names, but the network has "
              + classes
              + " classes; give one name per class, in class-index order");
    }
    for (String n : names) {
      if (!n.matches("[A-Za-z0-9_.-]+")) {
        throw new InvalidConfigException(
            KEY,
            KEY + ": '" + n + "' is not a usable column name; use letters, digits, _ - and . only");
      }
    }
    if (new HashSet<>(names).size() != names.size()) {
      throw new InvalidConfigException(KEY, KEY + " lists a name twice; names must be distinct");
    }
    return names;
  }
}
