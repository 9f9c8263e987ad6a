package org.descent.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import org.apache.hadoop.fs.Path;

/**
 * What a record must satisfy to be packed (the network's input width, finite values, labels in
 * range), and how a refused record is reported: a one-line message with the file and line (text
 * formats; the line number is counted from the file only when an error is reported) or row.
 *
 * @param width the network's input width
 * @param targetWidth floats of target per row
 * @param classes number of classes, or 0 for regression
 * @param skip skip and count bad records instead of failing
 * @param lines whether positions are byte offsets of lines (csv, libsvm) or row indices
 * @param featureNames names of the features for messages (csv columns), or null
 * @param hadoop to re-read a file's start when counting lines for a message
 */
record RecordRules(
    int width,
    int targetWidth,
    int classes,
    boolean skip,
    boolean lines,
    String[] featureNames,
    HadoopConf hadoop)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Returns null when {@code e} is fine, else the reason; writes what is wrong into detail. */
  BadRecordReason check(Example e, StringBuilder detail) {
    if (e.problem() != null) {
      detail.append(e.detail());
      return e.problem();
    }
    if (e.isSparse()) {
      BadRecordReason sparse = checkSparse(e.sparseColumns(), e.sparseValues(), detail);
      if (sparse != null) {
        return sparse;
      }
    } else {
      float[] x = e.features();
      if (x.length != width) {
        detail.append(x.length).append(" features, but model.layers starts with ").append(width);
        return BadRecordReason.WRONG_FEATURE_COUNT;
      }
      for (int j = 0; j < x.length; j++) {
        if (!Float.isFinite(x[j])) {
          detail.append(featureName(j)).append(" is ").append(x[j]);
          return BadRecordReason.NON_FINITE_FEATURE;
        }
      }
    }
    float[] t = e.targets();
    if (t.length != targetWidth) {
      detail.append(t.length).append(" targets, but the network needs ").append(targetWidth);
      return BadRecordReason.MALFORMED;
    }
    for (float y : t) {
      if (classes > 0) {
        if (!(y >= 0 && y < classes && y == Math.rint(y))) {
          detail
              .append("label ")
              .append(number(y))
              .append(" is not a class index in [0, ")
              .append(classes)
              .append(')');
          if (classes == 2 && y == -1) {
            detail.append(" (map LIBSVM's -1/+1 labels to 0/1)");
          }
          return BadRecordReason.LABEL_OUT_OF_RANGE;
        }
      } else if (!Float.isFinite(y)) {
        detail.append("target is ").append(y);
        return BadRecordReason.NON_FINITE_TARGET;
      }
    }
    return null;
  }

  private BadRecordReason checkSparse(int[] columns, float[] values, StringBuilder detail) {
    for (int k = 0; k < columns.length; k++) {
      if (columns[k] >= width) {
        detail
            .append("feature index ")
            .append(columns[k] + 1)
            .append(" is beyond model.layers' input width ")
            .append(width);
        return BadRecordReason.WRONG_FEATURE_COUNT;
      }
      if (!Float.isFinite(values[k])) {
        detail.append(featureName(columns[k])).append(" is ").append(values[k]);
        return BadRecordReason.NON_FINITE_FEATURE;
      }
    }
    return null;
  }

  /** The one-line error for a refused record. */
  BadRecordException error(Example e, BadRecordReason why, CharSequence detail) {
    return new BadRecordException(why, locate(e) + ": " + detail + "; " + why.fix());
  }

  /** {@code file:line} for text formats, {@code file, row n} (from 1) otherwise. */
  String locate(Example e) {
    if (!lines) {
      return e.source() + ", row " + (e.position() + 1);
    }
    try {
      return e.source() + ":" + lineOf(e.source(), e.position());
    } catch (IOException | RuntimeException ex) {
      return e.source() + ", byte offset " + e.position();
    }
  }

  private String featureName(int j) {
    return featureNames != null && j < featureNames.length
        ? "column '" + featureNames[j] + "'"
        : "feature " + (j + 1);
  }

  /** 1 + the number of line breaks before {@code offset} (of the decompressed text). */
  private long lineOf(String file, long offset) throws IOException {
    long line = 1;
    try (InputStream in = InputFiles.open(new Path(file), hadoop.get())) {
      byte[] buf = new byte[1 << 16];
      long left = offset;
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          break;
        }
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            line++;
          }
        }
        left -= n;
      }
    }
    return line;
  }

  static String number(float y) {
    return y == Math.rint(y) && Math.abs(y) < 1e9 ? Long.toString((long) y) : Float.toString(y);
  }
}
