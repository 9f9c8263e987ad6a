package org.descent.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * bench/loopback-floor.sh: what moving a step's bytes costs on this machine with no transport in
 * the way — two JVMs, plain blocking sockets over loopback with {@code TCP_NODELAY}, the client
 * sending N bytes and the server answering N bytes (a step's sums in, its weights out), back to
 * back and after the client idles (as an executor does while it computes). The floor under the
 * resident cluster step's exchange (docs/performance.md); reports, never asserts.
 *
 * <p>Usage: {@code LoopbackRoundTrip server PORT BYTES} in one JVM, then {@code LoopbackRoundTrip
 * client PORT BYTES ROUND_TRIPS IDLE_MS...} in another.
 */
public final class LoopbackRoundTrip {
  private LoopbackRoundTrip() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[1]);
    byte[] buffer = new byte[Integer.parseInt(args[2])];
    if (args[0].equals("server")) {
      serve(port, buffer);
    } else {
      double[] idle =
          Arrays.stream(args, 4, args.length).mapToDouble(Double::parseDouble).toArray();
      measure(port, buffer, Integer.parseInt(args[3]), idle);
    }
  }

  private static void serve(int port, byte[] buffer) throws IOException {
    try (ServerSocket server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
        Socket s = server.accept()) {
      s.setTcpNoDelay(true);
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      try {
        while (true) {
          readFully(in, buffer);
          out.write(buffer);
          out.flush();
        }
      } catch (EOFException e) {
        // The client is done.
      }
    }
  }

  private static void measure(int port, byte[] buffer, int trips, double[] idleMillis)
      throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setTcpNoDelay(true);
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      for (double idle : idleMillis) {
        long[] nanos = new long[trips];
        for (int i = 0; i < trips; i++) {
          if (idle > 0) {
            LockSupport.parkNanos((long) (idle * 1e6));
          }
          long start = System.nanoTime();
          out.write(buffer);
          out.flush();
          readFully(in, buffer);
          nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf(
            Locale.ROOT,
            "| %,d | %.1f | %.3f | %.3f |%n",
            buffer.length,
            idle,
            nanos[trips / 2] / 1e6,
            nanos[trips * 9 / 10] / 1e6);
      }
    }
  }

  private static void readFully(InputStream in, byte[] b) throws IOException {
    for (int off = 0; off < b.length; ) {
      int n = in.read(b, off, b.length - off);
      if (n < 0) {
        throw new EOFException();
      }
      off += n;
    }
  }
}
