package org.descent.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/** Resolves a configured path (file, directory or glob, any Hadoop file system) to its files. */
final class InputFiles {
  private InputFiles() {}

  /**
   * The data files named by {@code path}, sorted: the file itself, a directory's files (not
   * recursive; names starting with {@code _} or {@code .} are skipped, as Hadoop and Spark do), or
   * the glob's matches.
   *
   * @param key the configuration key, for messages
   */
  static List<FileStatus> resolve(String key, String path, Configuration conf) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(p);
      if (matches == null || matches.length == 0) {
        throw new DataException(
            path + ": no such file or directory; check " + key + " (and the file system URI)");
      }
      List<FileStatus> files = new ArrayList<>();
      for (FileStatus m : matches) {
        if (m.isDirectory()) {
          for (FileStatus f : fs.listStatus(m.getPath())) {
            if (f.isFile() && visible(f.getPath())) {
              files.add(f);
            }
          }
        } else {
          files.add(m);
        }
      }
      if (files.isEmpty()) {
        throw new DataException(path + ": no data files in it; check " + key);
      }
      files.sort(Comparator.comparing(f -> f.getPath().toString()));
      return files;
    } catch (IOException e) {
      throw new DataException(path + ": cannot list it (" + e.getMessage() + "); check " + key, e);
    }
  }

  static boolean visible(Path p) {
    String n = p.getName();
    return !n.startsWith("_") && !n.startsWith(".");
  }

  /** Opens a file, decompressing by its extension (.gz, .bz2, ...). */
  static InputStream open(Path p, Configuration conf) throws IOException {
    FileSystem fs = p.getFileSystem(conf);
    InputStream raw = fs.open(p);
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(p);
    return codec == null ? raw : codec.createInputStream(raw);
  }

  /** The first line of a text file, or null when it is empty. */
  static String firstLine(Path p, Configuration conf) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(open(p, conf), StandardCharsets.UTF_8))) {
      String line = in.readLine();
      if (line != null && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      return line;
    } catch (IOException e) {
      throw unreadable(p, conf, e);
    }
  }

  /**
   * Opens each compressed file and reads its first byte on the driver, so a damaged header (a
   * {@code .gz} that is not gzip) is refused here: on the executors Hadoop's record reader opens it
   * before Descent's code sees the partition, and it would fail the task.
   */
  static void probeCompressed(List<FileStatus> files, Configuration conf) {
    CompressionCodecFactory codecs = new CompressionCodecFactory(conf);
    for (FileStatus f : files) {
      Path p = f.getPath();
      if (codecs.getCodec(p) == null) {
        continue;
      }
      try (InputStream in = open(p, conf)) {
        in.read();
      } catch (IOException e) {
        throw unreadable(p, conf, e);
      }
    }
  }

  /** A file that cannot be read: "truncated or damaged" for compressed files. */
  static DataException unreadable(Path p, Configuration conf, IOException e) {
    if (e instanceof java.io.EOFException
        || new CompressionCodecFactory(conf).getCodec(p) != null) {
      return truncated(p.toString(), e);
    }
    return new DataException(p + ": cannot read it (" + e.getMessage() + ")", e);
  }

  /** The error for a damaged or truncated compressed file. */
  static DataException truncated(String file, Exception e) {
    return new DataException(
        file
            + ": the compressed stream is truncated or damaged ("
            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
            + "); re-create or re-download the file");
  }

  static String names(List<FileStatus> files) {
    return files.stream().map(f -> f.getPath().getName()).collect(Collectors.joining(", "));
  }
}
