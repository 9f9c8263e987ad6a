package org.descent.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.descent.nn.model.InvalidModelException;
import org.descent.nn.model.ModelFormat;
import org.descent.nn.model.SavedModel;

/**
 * A model directory on any Hadoop file system: {@code DIR/model.bin} in nn-core's model format
 * (spec, parameters, layer state, scaling, provenance), written atomically.
 */
public final class ModelStore {
  public static final String MODEL_FILE = "model.bin";

  private ModelStore() {}

  public static void save(SavedModel model, String dir, Configuration conf) {
    HadoopFiles.writeAtomically(
        new Path(dir, MODEL_FILE), conf, out -> ModelFormat.write(model, out));
  }

  public static SavedModel load(String dir, Configuration conf) {
    Path file = new Path(dir, MODEL_FILE);
    try (InputStream in = HadoopFiles.open(file, conf)) {
      return ModelFormat.read(in, file.toString());
    } catch (FileNotFoundException e) {
      throw new InvalidModelException(
          "no model at "
              + dir
              + " ("
              + file
              + " does not exist); pass the model/ directory that"
              + " descent train wrote under --out");
    } catch (org.apache.hadoop.fs.ChecksumException e) {
      throw damaged(file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof org.apache.hadoop.fs.ChecksumException c) {
        throw damaged(file, c);
      }
      throw e;
    }
  }

  /** Hadoop's own checksum ({@code .model.bin.crc} beside the file) does not match its bytes. */
  private static InvalidModelException damaged(Path file, IOException e) {
    String detail = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
    return new InvalidModelException(
        file
            + " is damaged: the file system's checksum does not match ("
            + detail
            + "); restore it from a copy or train again");
  }
}
