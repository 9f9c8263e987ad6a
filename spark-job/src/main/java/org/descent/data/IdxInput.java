package org.descent.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;

/**
 * MNIST's IDX pair: {@code *-images-idx3-ubyte[.gz]} (magic 0x803, count, rows, columns, then
 * unsigned bytes) and {@code *-labels-idx1-ubyte[.gz]} (magic 0x801, count, labels). The driver
 * reads only the headers; each partition streams its own range of images and labels from the Hadoop
 * file system (a gzip file is decompressed from its start and the earlier bytes skipped). Pixels
 * become floats 0..255. Records are located by the labels file and the image index.
 */
final class IdxInput {
  private static final Pattern IMAGES = Pattern.compile(".*images[-.]idx3-ubyte(\\.gz)?");
  private static final int IMAGES_MAGIC = 0x803;
  private static final int LABELS_MAGIC = 0x801;

  private IdxInput() {}

  static Input read(InputSource in) {
    in.settings().refuseFeatureColumns("idx");
    in.shape().requireOneTarget("idx", "image", "");
    Path images = imagesFile(in.key(), in.path(), in.conf());
    Path labels = labelsFile(images, in.conf());
    Layout layout = Layout.read(images, labels, in.conf());
    if (layout.pixels() != in.shape().width()) {
      throw new DataException(
          images
              + ": the images have "
              + layout.rows
              + "×"
              + layout.cols
              + " = "
              + layout.pixels()
              + " pixels, but model.layers starts with "
              + in.shape().width()
              + "; make it start with "
              + layout.pixels());
    }
    int parts =
        in.settings().partitions() > 0 ? in.settings().partitions() : in.sc().defaultParallelism();
    HadoopConf hadoop = new HadoopConf(in.sc(), in.conf());
    List<Integer> ids = IntStream.range(0, parts).boxed().toList();
    return new Input(
        in.sc()
            .parallelize(ids, parts)
            .mapPartitionsWithIndex(
                (p, it) ->
                    new GuardedExamples(() -> new Rows(layout, hadoop, p, parts), layout.images),
                true),
        null,
        false);
  }

  /** The images file named by the path, or the one images file in the named directory. */
  private static Path imagesFile(String key, String path, Configuration conf) {
    List<FileStatus> files = InputFiles.resolve(key, path, conf);
    List<Path> matches =
        files.stream()
            .map(FileStatus::getPath)
            .filter(p -> IMAGES.matcher(p.getName()).matches())
            .toList();
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.isEmpty()) {
      throw new DataException(
          path
              + ": no *-images-idx3-ubyte[.gz] file (found: "
              + InputFiles.names(files)
              + "); set "
              + key
              + " to the images file or a directory holding it and its labels file");
    }
    throw new DataException(
        path
            + ": several images files ("
            + String.join(", ", matches.stream().map(Path::getName).toList())
            + "); set "
            + key
            + " to one of them");
  }

  /** {@code x-images-idx3-ubyte[.gz]} → {@code x-labels-idx1-ubyte[.gz]}, compressed or not. */
  private static Path labelsFile(Path images, Configuration conf) {
    String name = images.getName();
    int at = name.lastIndexOf("images");
    String base = name.substring(0, at) + "labels" + name.substring(at + 6).replace("idx3", "idx1");
    String plain = base.endsWith(".gz") ? base.substring(0, base.length() - 3) : base;
    Path preferred = new Path(images.getParent(), base);
    try {
      FileSystem fs = images.getFileSystem(conf);
      for (Path p :
          List.of(
              preferred,
              new Path(images.getParent(), base.equals(plain) ? plain + ".gz" : plain))) {
        if (fs.exists(p)) {
          return p;
        }
      }
    } catch (IOException e) {
      throw new DataException(images.getParent() + ": cannot list it (" + e.getMessage() + ")", e);
    }
    throw new DataException(
        preferred
            + ": no such file; the labels belong next to "
            + images.getName()
            + " with 'images-idx3' replaced by 'labels-idx1'");
  }

  static InputStream open(Path p, Configuration conf) throws IOException {
    InputStream raw = p.getFileSystem(conf).open(p, 1 << 16);
    return p.getName().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
  }

  /**
   * The checked headers of the pair.
   *
   * @param count images (= labels)
   */
  record Layout(String images, String labels, int count, int rows, int cols)
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    int pixels() {
      return rows * cols;
    }

    static Layout read(Path images, Path labels, Configuration conf) {
      int[] ih = header(images, conf, IMAGES_MAGIC, 4, "images (idx3)");
      int[] lh = header(labels, conf, LABELS_MAGIC, 2, "labels (idx1)");
      if (ih[1] != lh[1]) {
        throw new DataException(
            images
                + " holds "
                + ih[1]
                + " images but "
                + labels.getName()
                + " holds "
                + lh[1]
                + " labels; use the files of one pair");
      }
      if (ih[1] == 0) {
        throw new DataException(images + ": no images in it");
      }
      Layout l = new Layout(images.toString(), labels.toString(), ih[1], ih[2], ih[3]);
      checkLength(images, conf, 16 + (long) l.count * l.pixels());
      checkLength(labels, conf, 8 + (long) l.count);
      return l;
    }

    /** Uncompressed files must hold exactly what the header announces. */
    private static void checkLength(Path p, Configuration conf, long expected) {
      if (p.getName().endsWith(".gz")) {
        return; // checked while streaming: the last partition reads to the gzip trailer
      }
      long actual;
      try {
        actual = p.getFileSystem(conf).getFileStatus(p).getLen();
      } catch (IOException e) {
        throw new UncheckedIOException(p + ": cannot read it: " + e.getMessage(), e);
      }
      if (actual != expected) {
        throw new DataException(
            p
                + ": "
                + actual
                + " bytes, but its header announces "
                + expected
                + (actual < expected ? "; the file is truncated" : "; the file has trailing bytes")
                + ", re-create or re-download it");
      }
    }

    private static int[] header(Path p, Configuration conf, int magic, int ints, String what) {
      int[] h = new int[ints];
      try (DataInputStream in = new DataInputStream(open(p, conf))) {
        for (int i = 0; i < ints; i++) {
          h[i] = in.readInt();
        }
      } catch (EOFException | ZipException e) {
        throw InputFiles.truncated(p.toString(), e);
      } catch (IOException e) {
        throw new UncheckedIOException(p + ": cannot read it: " + e.getMessage(), e);
      }
      if (h[0] != magic) {
        throw new DataException(
            p
                + ": not an IDX "
                + what
                + " file (magic number 0x"
                + Integer.toHexString(h[0])
                + ", expected 0x"
                + Integer.toHexString(magic)
                + ")");
      }
      for (int i = 1; i < ints; i++) {
        if (h[i] < 0) {
          throw new DataException(p + ": damaged IDX header (negative size " + h[i] + ")");
        }
      }
      return h;
    }
  }

  /** Streams partition {@code p}'s share of the images with their labels. */
  private static final class Rows implements Iterator<Example> {
    private final Layout layout;
    private final boolean last;
    private final DataInputStream images;
    private final DataInputStream labels;
    private final byte[] pixels;
    private long index;
    private final long end;

    Rows(Layout layout, HadoopConf hadoop, int p, int parts) {
      this.layout = layout;
      this.index = (long) layout.count * p / parts;
      this.end = (long) layout.count * (p + 1) / parts;
      this.last = p == parts - 1;
      this.pixels = new byte[layout.pixels()];
      Configuration conf = hadoop.get();
      try {
        images = new DataInputStream(open(new Path(layout.images), conf));
      } catch (IOException e) {
        throw failure(e, layout.images);
      }
      try {
        labels = new DataInputStream(open(new Path(layout.labels), conf));
      } catch (IOException e) {
        closeQuietly(images);
        throw failure(e, layout.labels);
      }
      TaskContext.get().addTaskCompletionListener((TaskCompletionListener) ctx -> close());
      try {
        images.skipNBytes(16 + index * layout.pixels());
      } catch (IOException e) {
        throw failure(e, layout.images);
      }
      try {
        labels.skipNBytes(8 + index);
      } catch (IOException e) {
        throw failure(e, layout.labels);
      }
    }

    @Override
    public boolean hasNext() {
      if (index < end) {
        return true;
      }
      if (last) {
        drain(images, layout.images);
        drain(labels, layout.labels);
      }
      close();
      return false;
    }

    @Override
    public Example next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      int label;
      try {
        images.readFully(pixels);
      } catch (IOException e) {
        throw failure(e, layout.images);
      }
      try {
        label = labels.readUnsignedByte();
      } catch (IOException e) {
        throw failure(e, layout.labels);
      }
      float[] x = new float[pixels.length];
      for (int j = 0; j < x.length; j++) {
        x[j] = pixels[j] & 0xff;
      }
      return Example.of(layout.labels, index++, x, new float[] {label});
    }

    /** Reads a gzip stream to its end, which checks its length and CRC. */
    private static void drain(InputStream in, String file) {
      if (!file.endsWith(".gz")) {
        return;
      }
      try {
        if (in.read() >= 0) {
          throw new DataException(
              file + ": more bytes than its header announces; re-create or re-download it");
        }
      } catch (IOException e) {
        throw failure(e, file);
      }
    }

    private static DataException failure(IOException e, String file) {
      return e instanceof EOFException || e instanceof ZipException
          ? InputFiles.truncated(file, e)
          : new DataException(file + ": cannot read it (" + e + ")", e);
    }

    private void close() {
      closeQuietly(images);
      closeQuietly(labels);
    }

    private static void closeQuietly(InputStream in) {
      try {
        in.close();
      } catch (IOException e) {
        // nothing to recover: the data has been read or the task failed already
      }
    }
  }
}
