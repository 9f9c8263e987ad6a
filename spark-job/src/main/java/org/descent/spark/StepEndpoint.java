package org.descent.spark;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.spark.SecurityManager;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.network.TransportContext;
import org.apache.spark.network.client.RpcResponseCallback;
import org.apache.spark.network.client.StreamCallbackWithID;
import org.apache.spark.network.client.TransportClient;
import org.apache.spark.network.client.TransportClientBootstrap;
import org.apache.spark.network.client.TransportClientFactory;
import org.apache.spark.network.crypto.AuthClientBootstrap;
import org.apache.spark.network.crypto.AuthServerBootstrap;
import org.apache.spark.network.netty.SparkTransportConf;
import org.apache.spark.network.sasl.SecretKeyHolder;
import org.apache.spark.network.server.OneForOneStreamManager;
import org.apache.spark.network.server.RpcHandler;
import org.apache.spark.network.server.StreamManager;
import org.apache.spark.network.server.TransportServer;
import org.apache.spark.network.server.TransportServerBootstrap;
import org.apache.spark.network.util.TransportConf;
import org.descent.ps.config.TrainKeys;
import scala.Option;

/**
 * The driver's end of the resident step exchange on a cluster: a server of Spark's own network
 * stack (spark-network-common's {@link TransportServer}, the transport under Spark's RPC and block
 * transfers) to which each executor's {@link ExecutorSteps} connects once and, every step, sends
 * its partial gradient sums and receives the next weights. One per training run; the epochs' {@link
 * NetworkExchange}s take turns on it.
 *
 * <p>Security is Spark's: when {@code spark.authenticate} is on, the server runs Spark's {@link
 * AuthServerBootstrap} with the application's secret (the {@link SecurityManager} of the {@link
 * SparkEnv}), so a peer without it is refused before its first message; with {@code
 * spark.network.crypto.enabled} the same bootstrap negotiates AES encryption of the channel. These
 * are the bootstraps Spark's block transfer service uses, read from the same settings.
 */
final class StepEndpoint implements AutoCloseable {
  /** The transport settings module: {@code spark.rpc.io.*}, as for Spark's own RPC. */
  static final String MODULE = "rpc";

  private final TransportContext context;
  private final TransportServer server;
  private final String host;
  private volatile NetworkExchange current;

  /**
   * Listens on {@code bindAddress}:{@code port} (0 = any free port); executors connect to {@code
   * host} (the driver's advertised address).
   */
  StepEndpoint(SparkEnv env, String bindAddress, String host, int port) {
    TransportConf conf = serverConf(env.conf());
    this.context = new TransportContext(conf, new Handler(), false);
    SecurityManager security = env.securityManager();
    List<TransportServerBootstrap> bootstraps =
        security.isAuthenticationEnabled()
            ? List.of(new AuthServerBootstrap(conf, security))
            : List.of();
    try {
      this.server = context.createServer(bindAddress, port, bootstraps);
    } catch (RuntimeException e) {
      context.close();
      throw new IllegalStateException(
          "could not open the step exchange on "
              + bindAddress
              + ":"
              + port
              + " ("
              + e.getMessage()
              + "); set "
              + TrainKeys.EXCHANGE_PORT
              + " to a free port the executors can reach",
          e);
    }
    this.host = host;
  }

  /** Opens an endpoint on the driver's address ({@code spark.driver.host}, its bind address). */
  static StepEndpoint onDriver(int port) {
    SparkEnv env = SparkEnv.get();
    SparkConf conf = env.conf();
    String host = conf.get("spark.driver.host", "localhost");
    String bind = conf.get("spark.driver.bindAddress", host);
    return new StepEndpoint(env, bind, host, port);
  }

  /**
   * The driver's settings: as many network threads as Spark's RPC gives the driver (its cores, at
   * most 8, or {@code spark.rpc.io.serverThreads}), so that the executors' sums are read, and the
   * weights written to them, in parallel rather than one connection after another on one thread.
   */
  static TransportConf serverConf(SparkConf conf) {
    return SparkTransportConf.fromSparkConf(conf, MODULE, 0, Option.empty(), Option.empty());
  }

  /** An executor's settings: one network thread, for its one connection to the driver. */
  static TransportConf clientConf(SparkConf conf) {
    return SparkTransportConf.fromSparkConf(conf, MODULE, 1, Option.empty(), Option.empty());
  }

  /**
   * A client factory with Spark's authentication when {@code spark.authenticate} is on, for an
   * executor (or a test) to connect with; the caller closes it.
   */
  static TransportClientFactory clientFactory(SparkEnv env) {
    SecurityManager security = env.securityManager();
    return clientFactory(env.conf(), security.isAuthenticationEnabled() ? security : null);
  }

  /** A client factory that authenticates with {@code secret} (null: does not authenticate). */
  static TransportClientFactory clientFactory(SparkConf sparkConf, SecretKeyHolder secret) {
    TransportConf conf = clientConf(sparkConf);
    TransportContext context = new TransportContext(conf, new Pushes(), false);
    List<TransportClientBootstrap> bootstraps =
        secret != null
            ? List.of(new AuthClientBootstrap(conf, sparkConf.getAppId(), secret))
            : List.of();
    return context.createClientFactory(bootstraps);
  }

  String host() {
    return host;
  }

  int port() {
    return server.getPort();
  }

  /** The exchange whose requests are answered from now on (the previous one is over). */
  void serve(NetworkExchange exchange) {
    this.current = exchange;
  }

  @Override
  public void close() {
    server.close();
    context.close();
  }

  /**
   * Hands each message to the exchange it names; a hello for an exchange that is over is answered
   * with its end, sums for one are read and dropped.
   */
  private final class Handler extends RpcHandler {
    private final StreamManager streams = new OneForOneStreamManager();

    @Override
    public void receive(TransportClient client, ByteBuffer message, RpcResponseCallback callback) {
      ExchangeMessages.Header h = ExchangeMessages.readHeader(message);
      callback.onSuccess(ByteBuffer.allocate(0));
      if (h.sums()) {
        return; // sums come as a stream
      }
      NetworkExchange x = current;
      if (x == null || x.id() != h.exchange()) {
        client.sendRpc(ExchangeMessages.end(h.exchange()), IGNORE);
        return;
      }
      x.hello(client);
    }

    @Override
    public StreamCallbackWithID receiveStream(
        TransportClient client, ByteBuffer header, RpcResponseCallback callback) {
      ExchangeMessages.Header h = ExchangeMessages.readHeader(header);
      if (!h.sums()) {
        throw new IllegalArgumentException("a hello sent as a stream");
      }
      NetworkExchange x = current;
      if (x == null || x.id() != h.exchange()) {
        return new Discard("descent-stale-" + h.exchange() + "-" + h.done());
      }
      return x.sums(h);
    }

    @Override
    public StreamManager getStreamManager() {
      return streams;
    }
  }

  /** For messages whose delivery nobody waits for: a lost peer fails the epoch's job anyway. */
  static final RpcResponseCallback IGNORE =
      new RpcResponseCallback() {
        @Override
        public void onSuccess(ByteBuffer response) {
          // Delivered.
        }

        @Override
        public void onFailure(Throwable e) {
          // The peer is gone.
        }
      };

  /** Reads and drops a stale upload (an older attempt's). */
  record Discard(String id) implements StreamCallbackWithID {
    @Override
    public String getID() {
      return id;
    }

    @Override
    public void onData(String streamId, ByteBuffer buf) {
      buf.position(buf.limit());
    }

    @Override
    public void onComplete(String streamId) {
      // Nothing to add: the exchange it was for is over.
    }

    @Override
    public void onFailure(String streamId, Throwable cause) {
      // Nothing to undo.
    }
  }

  /** An executor's side: takes the driver's pushes (weights, end) for this JVM's exchanges. */
  private static final class Pushes extends RpcHandler {
    private final StreamManager streams = new OneForOneStreamManager();

    @Override
    public void receive(TransportClient client, ByteBuffer message, RpcResponseCallback callback) {
      ExchangeMessages.Push p = ExchangeMessages.readPush(message);
      callback.onSuccess(ByteBuffer.allocate(0));
      if (p.end()) {
        ExecutorSteps.ended(p.exchange());
      }
    }

    @Override
    public StreamCallbackWithID receiveStream(
        TransportClient client, ByteBuffer header, RpcResponseCallback callback) {
      ExchangeMessages.Push p = ExchangeMessages.readPush(header);
      if (p.end()) {
        throw new IllegalArgumentException("an end sent as a stream");
      }
      return ExecutorSteps.weights(p);
    }

    @Override
    public StreamManager getStreamManager() {
      return streams;
    }
  }
}
