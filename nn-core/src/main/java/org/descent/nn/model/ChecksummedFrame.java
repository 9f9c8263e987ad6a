package org.descent.nn.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.function.Function;
import java.util.zip.CRC32;

/**
 * The envelope Descent's binary files share (big-endian): {@code magic | version u32 | body length
 * u64 | body | CRC32 of body u32}. Reading checks magic, version, length and checksum before the
 * body is handed out, and refuses trailing bytes, so a caller parses only bodies that are whole and
 * unaltered. Used by the model file and the training checkpoints.
 */
public final class ChecksummedFrame {
  /**
   * How one file kind words its refusals.
   *
   * @param foreign the message (after the source) for a wrong magic number
   * @param versionName e.g. "model format" in "has model format version 2"
   * @param content e.g. "model" in "it ends before the model does"
   * @param error makes the kind's exception from a message
   */
  public record Kind(
      byte[] magic,
      int version,
      String foreign,
      String versionName,
      String content,
      Function<String, RuntimeException> error) {}

  private ChecksummedFrame() {}

  public static void write(OutputStream out, Kind kind, byte[] body) throws IOException {
    CRC32 crc = new CRC32();
    crc.update(body);
    DataOutputStream d = new DataOutputStream(out);
    d.write(kind.magic());
    d.writeInt(kind.version());
    d.writeLong(body.length);
    d.write(body);
    d.writeInt((int) crc.getValue());
    d.flush();
  }

  /** The verified body; {@code source} names the file in error messages. */
  public static byte[] read(InputStream in, Kind kind, String source) throws IOException {
    DataInputStream d = new DataInputStream(in);
    try {
      byte[] magic = new byte[kind.magic().length];
      d.readFully(magic);
      if (!Arrays.equals(magic, kind.magic())) {
        throw kind.error().apply(source + kind.foreign());
      }
      int version = d.readInt();
      if (version != kind.version()) {
        throw kind.error()
            .apply(
                source
                    + " has "
                    + kind.versionName()
                    + " version "
                    + version
                    + "; this Descent reads version "
                    + kind.version()
                    + (version > kind.version() ? " (written by a newer Descent: upgrade)" : ""));
      }
      long length = d.readLong();
      if (length < 0 || length > Integer.MAX_VALUE - 64) {
        throw kind.error().apply(source + " is damaged: impossible body length " + length);
      }
      // readNBytes grows its buffer as bytes arrive: a damaged length field cannot make us
      // allocate gigabytes for a file of a few kilobytes.
      byte[] b = d.readNBytes((int) length);
      if (b.length < length) {
        throw new EOFException();
      }
      int stored = d.readInt();
      CRC32 crc = new CRC32();
      crc.update(b);
      if ((int) crc.getValue() != stored) {
        throw kind.error()
            .apply(
                source + " is damaged: checksum mismatch (the file was altered or partly written)");
      }
      if (d.read() != -1) {
        throw kind.error().apply(source + " is damaged: unexpected bytes after the checksum");
      }
      return b;
    } catch (EOFException e) {
      throw kind.error()
          .apply(source + " is truncated: it ends before the " + kind.content() + " does");
    }
  }
}
