package org.descent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.descent.io.ModelStore;
import org.descent.nn.model.SavedModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Descent on a real multi-JVM Spark standalone cluster: {@code deploy/local-cluster.sh} starts a
 * Master and 2 Workers (spark.authenticate=true, a generated secret) from the project's classpath
 * without Descent's jars; {@code deploy/submit-standalone.sh} submits the thin cluster jar through
 * SparkSubmit; the model it trains equals the one local mode trains in this JVM. A second
 * application without the secret is refused by the master; training survives a killed executor JVM
 * with identical weights. Runs only with {@code -Pcluster-it} (after package, so the cluster jar
 * exists).
 */
@Tag("cluster")
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path ROOT = Path.of(System.getProperty("descent.root", "..")).normalize();
  private static final Path IT_DIR = MODULE.resolve("target/cluster-it");
  private static final Path RUN = IT_DIR.resolve("run");
  private static final List<Process> STARTED = new CopyOnWriteArrayList<>();

  @TempDir static Path tmp;
  private static int masterPort;
  private static int uiPort;
  private static String masterUrl;

  @BeforeAll
  @Timeout(value = 150, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  static void startCluster() throws Exception {
    assertTrue(Files.isRegularFile(clusterJar()), "no cluster jar " + clusterJar());
    masterPort = freePort();
    uiPort = freePort();
    masterUrl = "spark://127.0.0.1:" + masterPort;
    Files.createDirectories(IT_DIR);
    Result r =
        run(
            "local-cluster",
            Duration.ofSeconds(120),
            Map.of(),
            ROOT.resolve("deploy/local-cluster.sh").toString(),
            "start",
            "2");
    assertEquals(0, r.exit(), "deploy/local-cluster.sh start failed:\n" + r.output());
    assertEquals(2, clusterState().aliveWorkers(), r.output());
    Path secret = RUN.resolve("secret");
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)),
        "the secret file must be private");
    assertFalse(r.output().contains(secret()), "the start-up output shows the secret");
  }

  @AfterAll
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  static void stopCluster() throws Exception {
    List<Long> pids = new ArrayList<>();
    if (Files.isDirectory(RUN)) {
      try (Stream<Path> files = Files.list(RUN)) {
        for (Path f : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
          pids.add(Long.parseLong(Files.readString(f).strip()));
        }
      }
    }
    try {
      run(
          "local-cluster-stop",
          Duration.ofSeconds(45),
          Map.of(),
          ROOT.resolve("deploy/local-cluster.sh").toString(),
          "stop");
    } finally {
      // Whatever survived (a submission that timed out, an executor the script missed): by PID.
      for (Process p : STARTED) {
        killTree(p.toHandle());
      }
      for (long pid : pids) {
        ProcessHandle.of(pid).ifPresent(StandaloneClusterIT::killTree);
      }
    }
  }

  @Test
  @Order(1)
  void clusterTrainsTheSameModelAsLocalMode() throws Exception {
    String data = ROOT.resolve("data/digits.csv.gz").toAbsolutePath().normalize().toString();
    Path clusterOut = tmp.resolve("cluster");
    Path localOut = tmp.resolve("local");
    List<String> job =
        List.of(
            "train",
            "--conf",
            "../conf/digits.properties",
            "--set",
            "data.train=" + data,
            "--set",
            "train.partitions=2",
            "--set",
            "train.epochs=3",
            "--set",
            "train.seed=5");

    long t0 = System.nanoTime();
    List<String> submit = new ArrayList<>();
    submit.add(ROOT.resolve("deploy/submit-standalone.sh").toString());
    submit.addAll(job);
    submit.addAll(List.of("--master", masterUrl, "--out", clusterOut.toString()));
    Result cluster =
        run("submit", Duration.ofSeconds(200), Map.of(), submit.toArray(String[]::new));
    double clusterSeconds = (System.nanoTime() - t0) / 1e9;
    assertEquals(0, cluster.exit(), "the cluster submission failed:\n" + cluster.tail());
    assertTrue(cluster.output().contains("master " + masterUrl), cluster.tail());
    assertTrue(
        cluster.output().contains("steps run in resident tasks")
            && cluster.output().contains("network exchange"),
        "the cluster run did not take the resident path:\n" + cluster.tail());
    assertTrue(
        cluster.output().contains("one barrier job for the whole run"),
        "validation on the driver, yet not one resident job for the run:\n" + cluster.tail());
    assertTrue(cluster.output().contains("spark.authenticate on"), cluster.tail());
    assertFalse(cluster.output().contains(secret()), "the submission output shows the secret");
    ClusterState after = clusterState();
    assertEquals(1, after.completedApps(), "the application did not run on the cluster");
    assertExecutorsRan();

    long t1 = System.nanoTime();
    List<String> local = new ArrayList<>(job);
    local.addAll(List.of("--master", "local[2]", "--out", localOut.toString()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            local.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    double localSeconds = (System.nanoTime() - t1) / 1e9;
    assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));

    // the driver draws report.html with XChart from the cluster jar
    assertTrue(
        java.nio.file.Files.exists(clusterOut.resolve("report.html")),
        "report.html from the cluster jar's driver");
    org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
    SavedModel onCluster = ModelStore.load(clusterOut.resolve("model").toString(), hadoop);
    SavedModel onLocal = ModelStore.load(localOut.resolve("model").toString(), hadoop);
    assertEquals(onLocal.spec(), onCluster.spec());
    float[] a = onCluster.parameters();
    float[] b = onLocal.parameters();
    assertEquals(b.length, a.length);
    double maxDiff = 0;
    int differing = 0;
    for (int i = 0; i < a.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs((double) a[i] - b[i]));
      if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
        differing++;
      }
    }
    System.out.printf(
        "StandaloneClusterIT: cluster submission %.1f s, local[2] %.1f s; %d parameters,"
            + " %d differ, max |diff| %.3g (%s)%n",
        clusterSeconds,
        localSeconds,
        a.length,
        differing,
        maxDiff,
        differing == 0 ? "bit-identical" : "not bit-identical");
    assertArrayEquals(b, a, "resident tasks on the cluster and local[2] differ in " + differing);
    assertArrayEquals(onLocal.layerState(), onCluster.layerState());

    // The same job as a Spark job per step on the cluster: the same bits again.
    Path jobsOut = tmp.resolve("cluster-jobs");
    List<String> perStep = new ArrayList<>();
    perStep.add(ROOT.resolve("deploy/submit-standalone.sh").toString());
    perStep.addAll(job);
    perStep.addAll(
        List.of(
            "--set",
            "train.stepTransport=jobs",
            "--master",
            masterUrl,
            "--out",
            jobsOut.toString()));
    Result jobs =
        run("submit-jobs", Duration.ofSeconds(200), Map.of(), perStep.toArray(String[]::new));
    assertEquals(0, jobs.exit(), "the per-step-job submission failed:\n" + jobs.tail());
    assertFalse(jobs.output().contains("steps run in resident tasks"), jobs.tail());
    SavedModel onClusterJobs = ModelStore.load(jobsOut.resolve("model").toString(), hadoop);
    assertArrayEquals(a, onClusterJobs.parameters(), "a job per step differs from resident tasks");
  }

  @Test
  @Order(2)
  void anApplicationWithoutTheSecretIsRefused() throws Exception {
    int completedBefore = clusterState().completedApps();
    Path out = tmp.resolve("refused");
    long t0 = System.nanoTime();
    // DESCENT_SECRET_FILE empty: the driver runs without spark.authenticate. The master's SASL
    // handshake rejects it; after Spark's fixed 3 registration attempts 20 s apart the driver gives
    // up ("All masters are unresponsive"), so this takes about a minute. Bounded by timeouts.
    Result r =
        run(
            "submit-without-secret",
            Duration.ofSeconds(150),
            Map.of("DESCENT_SECRET_FILE", "", "DESCENT_SUBMIT_TIMEOUT", "130"),
            ROOT.resolve("deploy/submit-standalone.sh").toString(),
            "train",
            "--master",
            masterUrl,
            "--conf",
            "../conf/digits.properties",
            "--set",
            "data.train=" + ROOT.resolve("data/digits.csv.gz").toAbsolutePath().normalize(),
            "--set",
            "train.epochs=1",
            "--out",
            out.toString());
    System.out.printf(
        "StandaloneClusterIT: the submission without the secret ended with exit %d after %.1f s%n",
        r.exit(), (System.nanoTime() - t0) / 1e9);
    assertEquals(Main.EXIT_CLUSTER, r.exit(), "an unauthenticated application:\n" + r.tail());
    // One line of Descent's own, naming the secret setting; no trace of the stopped SparkContext.
    List<String> ours = r.output().lines().filter(l -> l.startsWith("descent: ")).toList();
    assertEquals(1, ours.size(), r.tail());
    assertTrue(ours.get(0).contains("spark.authenticate.secret"), ours.get(0));
    assertFalse(r.output().contains("\tat "), "a stack trace:\n" + r.tail());
    assertFalse(r.output().contains("Cannot call methods on a stopped SparkContext"), r.tail());
    assertFalse(r.output().contains("spark.authenticate on"), r.tail());
    ClusterState state = clusterState();
    assertEquals(0, state.activeApps(), "an unauthenticated application is registered");
    assertEquals(completedBefore, state.completedApps(), "an unauthenticated application ran");
    assertFalse(Files.exists(out.resolve("model")), "a model was written");
    String masterLog = Files.readString(RUN.resolve("logs/master.log"), StandardCharsets.UTF_8);
    assertTrue(
        masterLog.contains("SaslMessage") || masterLog.contains("authenticat"),
        "the master log does not show the refused handshake:\n" + masterLog);
  }

  /**
   * A lost executor: kill -9 one executor JVM in the middle of an epoch's resident tasks. The
   * barrier stage fails; the driver keeps the last applied step, waits for the Worker's replacement
   * executor and relaunches the epoch's tasks from the next step; lost cached blocks are recomputed
   * from lineage, and because every step depends only on (seed, epoch, partition, step) and the
   * weights, the model is bit-identical to an undisturbed run with the same seed.
   */
  @Test
  @Order(3)
  @Timeout(value = 900, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void trainingSurvivesALostExecutorWithIdenticalWeights() throws Exception {
    String data = ROOT.resolve("data/digits.csv.gz").toAbsolutePath().normalize().toString();
    List<String> job =
        List.of(
            "train",
            "--master",
            masterUrl,
            "--conf",
            "../conf/digits.properties",
            "--set",
            "data.train=" + data,
            "--set",
            "train.partitions=2",
            "--set",
            "train.epochs=3",
            "--set",
            "train.seed=11",
            // Small steps of a wider net: 81 steps an epoch, long enough to kill an executor
            // inside one (after the 20th step's progress line).
            "--set",
            "train.batchSize=16",
            "--set",
            "train.logEvery=10",
            "--set",
            "model.layers=64,256,256,10");
    String submit = ROOT.resolve("deploy/submit-standalone.sh").toString();
    Path calm = tmp.resolve("undisturbed");
    List<String> calmArgs = new ArrayList<>(List.of(submit));
    calmArgs.addAll(job);
    calmArgs.addAll(List.of("--out", calm.toString()));
    // Training takes a minute or more on a loaded machine: more than the default submit timeout.
    Map<String, String> slow = Map.of("DESCENT_SUBMIT_TIMEOUT", "400");
    Result undisturbed =
        run("submit-undisturbed", Duration.ofSeconds(420), slow, calmArgs.toArray(String[]::new));
    assertEquals(0, undisturbed.exit(), undisturbed.tail());

    Path hit = tmp.resolve("executor-killed");
    List<String> hitArgs = new ArrayList<>(List.of(submit));
    hitArgs.addAll(job);
    hitArgs.addAll(List.of("--out", hit.toString()));
    Process p = start("submit-executor-killed", slow, hitArgs.toArray(String[]::new));
    Path log = IT_DIR.resolve("submit-executor-killed.log");
    // Mid-epoch: after step 20's progress line, inside epoch 1's resident tasks.
    long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
    while (!Files.readString(log, StandardCharsets.UTF_8).contains("step 20 (")) {
      assertTrue(p.isAlive(), "the run ended before step 20:\n" + Files.readString(log));
      assertTrue(System.nanoTime() < deadline, "no step 20 within 150 s");
      Thread.sleep(20);
    }
    List<ProcessHandle> executors = executorJvms();
    assertEquals(2, executors.size(), "executor JVMs: " + executors);
    ProcessHandle victim = executors.get(0);
    victim.destroyForcibly(); // SIGKILL
    victim.onExit().get(20, TimeUnit.SECONDS);
    assertFalse(
        Files.readString(log, StandardCharsets.UTF_8).contains("trained "),
        "training had already finished when the executor was killed");
    System.out.println("StandaloneClusterIT: killed executor pid " + victim.pid() + " mid-run");

    Result r = finish(p, "submit-executor-killed", Duration.ofSeconds(420));
    assertEquals(0, r.exit(), "training did not survive the lost executor:\n" + r.tail());
    assertTrue(
        r.output().contains("Lost executor") || r.output().contains("ExecutorLostFailure"),
        "the driver did not notice the lost executor:\n" + r.tail());
    Matcher relaunch =
        Pattern.compile("relaunching them from step (\\d+), the last applied step being (\\d+)")
            .matcher(r.output());
    assertTrue(relaunch.find(), "the resident tasks were not relaunched:\n" + r.tail());
    System.out.println("StandaloneClusterIT: " + relaunch.group());
    assertTrue(Integer.parseInt(relaunch.group(1)) > 20, relaunch.group());
    assertTrue(
        executorJvms().isEmpty() || !executorJvms().contains(victim), "the victim is still alive");

    org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
    SavedModel a = ModelStore.load(calm.resolve("model").toString(), hadoop);
    SavedModel b = ModelStore.load(hit.resolve("model").toString(), hadoop);
    assertArrayEquals(a.parameters(), b.parameters(), "weights differ after a lost executor");
    assertArrayEquals(a.layerState(), b.layerState());
  }

  /** The executor JVMs of the Workers (their CoarseGrainedExecutorBackend children). */
  private static List<ProcessHandle> executorJvms() throws IOException {
    List<ProcessHandle> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(RUN)) {
      for (Path f :
          files
              .filter(f -> f.getFileName().toString().matches("worker-\\d+\\.pid"))
              .sorted()
              .toList()) {
        long worker = Long.parseLong(Files.readString(f).strip());
        ProcessHandle.of(worker)
            .ifPresent(
                w ->
                    w.children()
                        .filter(
                            c ->
                                c.info()
                                    .arguments()
                                    .map(
                                        a ->
                                            String.join(" ", a)
                                                .contains("CoarseGrainedExecutorBackend"))
                                    .orElse(false))
                        .forEach(found::add));
      }
    }
    return found;
  }

  // --- helpers -------------------------------------------------------------------------------

  private record Result(int exit, String output) {
    String tail() {
      String[] lines = output.split("\n");
      return String.join(
          "\n", List.of(lines).subList(Math.max(0, lines.length - 60), lines.length));
    }
  }

  private record ClusterState(int aliveWorkers, int activeApps, int completedApps) {}

  private static Path clusterJar() {
    return Path.of(System.getProperty("descent.cluster.jar", "target/descent-cluster.jar"));
  }

  private static String secret() throws IOException {
    return Files.readString(RUN.resolve("secret"), StandardCharsets.UTF_8).strip();
  }

  /** Runs a deploy script in the module directory; output to a log file; killed after timeout. */
  private static Result run(String name, Duration timeout, Map<String, String> env, String... cmd)
      throws IOException, InterruptedException {
    return finish(start(name, env, cmd), name, timeout);
  }

  /** Starts a deploy script in the module directory with output to {@code IT_DIR/name.log}. */
  private static Process start(String name, Map<String, String> env, String... cmd)
      throws IOException {
    Path log = IT_DIR.resolve(name + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(MODULE.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> e = pb.environment();
    e.remove("SPARK_HOME"); // the project-classpath SparkSubmit, not an installed Spark
    e.remove("SPARK_CONF_DIR");
    e.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    e.put("DESCENT_CLUSTER_DIR", RUN.toString());
    e.put("DESCENT_SPARK_HOME", IT_DIR.resolve("spark-home").toString());
    e.put("DESCENT_SPARK_CLASSPATH", System.getProperty("descent.spark.classpath"));
    e.put("DESCENT_MASTER_PORT", Integer.toString(masterPort));
    e.put("DESCENT_MASTER_UI_PORT", Integer.toString(uiPort));
    e.put("DESCENT_CLUSTER_TIMEOUT", "1500"); // outlives every test of the class
    e.put("DESCENT_JAR", clusterJar().toString());
    e.put("DESCENT_EXECUTOR_MEMORY", "768m");
    e.put("DESCENT_SUBMIT_TIMEOUT", "180");
    e.put("DESCENT_SUBMIT_OPTS", "--conf spark.ui.enabled=false");
    e.putAll(env);
    Process p = pb.start();
    STARTED.add(p);
    return p;
  }

  /** Waits for {@code p} (killed after {@code timeout}) and reads its log. */
  private static Result finish(Process p, String name, Duration timeout)
      throws IOException, InterruptedException {
    Path log = IT_DIR.resolve(name + ".log");
    boolean done = p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
    if (!done) {
      killTree(p.toHandle());
      p.waitFor(10, TimeUnit.SECONDS);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    return new Result(done ? p.exitValue() : -1, output + (done ? "" : "\n(killed after timeout)"));
  }

  private static void killTree(ProcessHandle h) {
    h.descendants().forEach(ProcessHandle::destroyForcibly);
    h.destroyForcibly();
  }

  private static ClusterState clusterState() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/json/"))
            .timeout(Duration.ofSeconds(10))
            .build();
    String json = http.send(req, HttpResponse.BodyHandlers.ofString()).body();
    return new ClusterState(
        intField(json, "aliveworkers"),
        intField(json, "activeapps"),
        intField(json, "completedapps"));
  }

  /** A top-level count, or the length of a top-level array (the master reports apps as arrays). */
  private static int intField(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*(\\d+|\\[)").matcher(json);
    if (!m.find()) {
      throw new AssertionError("no " + key + " in " + json);
    }
    if (!m.group(1).equals("[")) {
      return Integer.parseInt(m.group(1));
    }
    int depth = 0;
    int count = 0;
    for (int i = m.end() - 1; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c == '[' || c == '{') {
        if (depth == 1 && c == '{') {
          count++;
        }
        depth++;
      } else if (c == ']' || c == '}') {
        depth--;
        if (depth == 0) {
          return count;
        }
      }
    }
    throw new AssertionError("unterminated " + key + " in " + json);
  }

  /** Executor JVMs really ran: the Workers' work dirs hold an app directory with executor logs. */
  private static void assertExecutorsRan() throws IOException {
    try (Stream<Path> files = Files.walk(RUN.resolve("work"))) {
      long executors = files.filter(f -> f.getFileName().toString().equals("stderr")).count();
      assertTrue(executors >= 2, "expected 2 executor logs under " + RUN.resolve("work"));
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
