package org.descent.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Atomic writes and plain reads of whole files on a Hadoop file system. */
public final class HadoopFiles {
  private HadoopFiles() {}

  /** The file system of {@code path} (a URI or plain path). */
  public static FileSystem fileSystem(Path path, Configuration conf) {
    try {
      URI uri = path.toUri();
      return uri.getScheme() == null ? FileSystem.getLocal(conf) : FileSystem.get(uri, conf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach the file system of " + path, e);
    }
  }

  /** Something that writes a file's content. */
  @FunctionalInterface
  public interface Writer {
    void write(OutputStream out) throws IOException;
  }

  /** Writes {@code target} via a hidden temporary sibling and a rename, replacing any old file. */
  public static void writeAtomically(Path target, Configuration conf, Writer writer) {
    FileSystem fs = fileSystem(target, conf);
    Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
    try {
      fs.mkdirs(target.getParent());
      try (OutputStream out = fs.create(tmp, true)) {
        writer.write(out);
      }
      if (fs.exists(target) && !fs.delete(target, false)) {
        throw new IOException("cannot replace " + target);
      }
      if (!fs.rename(tmp, target)) {
        throw new IOException("cannot rename " + tmp + " to " + target);
      }
    } catch (IOException e) {
      try {
        fs.delete(tmp, false);
      } catch (IOException ignored) {
        // the write already failed; report that
      }
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /** Opens {@code path} for reading, with an error naming it when it is missing. */
  public static InputStream open(Path path, Configuration conf) throws IOException {
    FileSystem fs = fileSystem(path, conf);
    if (!fs.exists(path)) {
      throw new java.io.FileNotFoundException(path + " does not exist");
    }
    return fs.open(path);
  }
}
