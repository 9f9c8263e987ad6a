package org.descent.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.api.java.JavaRDD;
import org.descent.nn.Loss;
import org.descent.nn.NetworkSpec;
import org.descent.ps.train.DataBlock;

/** Small inputs written by the tests, specs, settings and a way to look at packed rows. */
final class DataFixtures {
  private DataFixtures() {}

  static NetworkSpec classifier(int width, int classes) {
    return new NetworkSpec(width, List.of(), classes, Loss.SOFTMAX_CROSS_ENTROPY);
  }

  static NetworkSpec regression(int width, int targets) {
    return new NetworkSpec(width, List.of(), targets, Loss.MEAN_SQUARED_ERROR);
  }

  /** Settings that keep every row in train, unscaled; {@code more} are key, value pairs. */
  static DataSettings settings(String format, Object train, String... more) {
    Map<String, String> m = new HashMap<>();
    m.put("data.train", train.toString());
    m.put("data.format", format);
    m.put("data.scaling", "none");
    m.put("data.validationFraction", "0");
    m.put("data.testFraction", "0");
    for (int i = 0; i < more.length; i += 2) {
      m.put(more[i], more[i + 1]);
    }
    return DataSettings.fromMap(m);
  }

  static Path write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path writeGzip(Path file, byte[] bytes) {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(bytes);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first {@code keep} bytes of {@code file}, written to {@code target}. */
  static Path truncate(Path file, Path target, int keep) {
    try {
      byte[] b = Files.readAllBytes(file);
      Files.write(target, Arrays.copyOf(b, keep));
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An IDX images file: magic 0x803, n, rows, cols, then the pixels. */
  static byte[] idxImages(int[][] images, int rows, int cols) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(b)) {
      out.writeInt(0x803);
      out.writeInt(images.length);
      out.writeInt(rows);
      out.writeInt(cols);
      for (int[] image : images) {
        for (int p : image) {
          out.writeByte(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.toByteArray();
  }

  /** An IDX labels file: magic 0x801, n, then the labels. */
  static byte[] idxLabels(int[] labels) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(b)) {
      out.writeInt(0x801);
      out.writeInt(labels.length);
      for (int l : labels) {
        out.writeByte(l);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.toByteArray();
  }

  /** Every packed row as features followed by targets, sorted by the first feature. */
  static List<float[]> rows(JavaRDD<DataBlock> blocks) {
    List<float[]> rows = new ArrayList<>();
    for (DataBlock b : blocks.collect()) {
      int w = b.width();
      int tw = b.targetWidth();
      for (int r = 0; r < b.rows(); r++) {
        float[] row = new float[w + tw];
        System.arraycopy(b.asDataset().features(), r * w, row, 0, w);
        System.arraycopy(b.targets(), r * tw, row, w, tw);
        rows.add(row);
      }
    }
    rows.sort(Comparator.comparingDouble((float[] r) -> r[0]));
    return rows;
  }

  /** The first feature of every row (the tests' row ids). */
  static List<Float> ids(JavaRDD<DataBlock> blocks) {
    return rows(blocks).stream().map(r -> r[0]).toList();
  }
}
