package org.descent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.descent.io.ModelStore;
import org.descent.nn.model.SavedModel;
import org.descent.sparktest.MiniHdfs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Descent on a real (in-process) YARN: Hadoop's MiniYARNCluster (a ResourceManager and one
 * NodeManager whose containers are separate JVMs) over a MiniDFSCluster. {@code
 * deploy/submit-yarn.sh} itself submits the thin cluster jar, unchanged, with the Hadoop
 * configuration in a temporary {@code HADOOP_CONF_DIR} and a {@code SPARK_HOME} whose {@code
 * bin/spark-submit} runs Spark's own launcher and SparkSubmit (with spark-yarn) from Spark's Maven
 * jars; so the arguments and settings the script builds are the ones YARN receives. Training reads
 * the bundled digits from HDFS and writes its model to HDFS, in client and in cluster deploy mode,
 * and the two models are compared with each other. Runs only with {@code -Pcluster-it}.
 */
@Tag("cluster")
@Timeout(value = 400, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class YarnClusterIT {
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path ROOT = Path.of(System.getProperty("descent.root", "..")).normalize();
  private static final Path IT_DIR = MODULE.resolve("target/yarn-it");
  private static final Path SPARK_HOME = IT_DIR.resolve("spark-home");
  private static final Path HADOOP_CONF = IT_DIR.resolve("hadoop-conf");

  /** Where MiniYARNCluster keeps its NodeManager's local and log dirs (its test.build.data). */
  private static final Path YARN_DIR =
      MODULE.resolve("target/test/data").resolve(YarnClusterIT.class.getSimpleName());

  private static final List<Process> STARTED = new ArrayList<>();

  @RegisterExtension static final MiniHdfs HDFS = new MiniHdfs();
  private static MiniYARNCluster yarn;
  private static final Map<String, SavedModel> MODELS = new TreeMap<>();

  /** The YARN applications already checked. */
  private static final List<String> SEEN = new ArrayList<>();

  @BeforeAll
  @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  static void startYarn() throws Exception {
    assertTrue(Files.isRegularFile(clusterJar()), "no cluster jar " + clusterJar());
    Files.createDirectories(IT_DIR);
    YarnConfiguration conf = new YarnConfiguration();
    conf.set("fs.defaultFS", HDFS.uri());
    conf.set("yarn.resourcemanager.hostname", "localhost");
    // hadoop-client-minicluster has no capacity-scheduler.xml: one queue, "default".
    conf.set("yarn.scheduler.capacity.root.queues", "default");
    conf.set("yarn.scheduler.capacity.root.default.capacity", "100");
    conf.set("yarn.scheduler.capacity.root.default.maximum-capacity", "100");
    conf.set("yarn.scheduler.capacity.root.default.user-limit-factor", "1");
    conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
    conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
    conf.set("yarn.scheduler.minimum-allocation-mb", "128");
    // One NodeManager, sized for the AM and 2 small executors; the JVMs' virtual memory (threads,
    // code cache) is far above their heap, so only the physical memory is enforced.
    conf.set("yarn.nodemanager.resource.memory-mb", "4096");
    conf.set("yarn.nodemanager.resource.cpu-vcores", "4");
    conf.set("yarn.nodemanager.vmem-check-enabled", "false");
    conf.set(
        "yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100");
    yarn = new MiniYARNCluster(YarnClusterIT.class.getSimpleName(), 1, 1, 1);
    yarn.init(conf);
    yarn.start();
    // The RM's real port reaches the configuration shortly after start() (as in Spark's
    // BaseYarnClusterSuite).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (yarn.getConfig().get(YarnConfiguration.RM_ADDRESS).endsWith(":0")) {
      assertTrue(System.nanoTime() < deadline, "the ResourceManager did not come up");
      Thread.sleep(100);
    }
    writeHadoopConf(yarn.getConfig());
    buildSparkHome();
    try (InputStream in = Files.newInputStream(ROOT.resolve("data/digits.csv.gz"));
        OutputStream out =
            HDFS.fileSystem().create(new org.apache.hadoop.fs.Path("/data/digits.csv.gz"))) {
      in.transferTo(out);
    }
  }

  @AfterAll
  static void stopYarn() {
    try {
      for (Process p : STARTED) {
        p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    } finally {
      if (yarn != null) {
        yarn.stop(); // the NodeManager kills its containers' process trees
      }
    }
  }

  @Test
  @Order(1)
  void clientModeTrainsOnHdfsAndWritesTheModelToHdfs() throws Exception {
    SavedModel model = submitAndCheck("client");
    MODELS.put("client", model);
  }

  @Test
  @Order(2)
  void clusterModeTrainsOnHdfsAndWritesTheModelToHdfs() throws Exception {
    SavedModel model = submitAndCheck("cluster");
    MODELS.put("cluster", model);
    SavedModel client = MODELS.get("client");
    if (client != null) {
      // Same seed, partitions and data: the driver's place does not change a bit of the model.
      assertArrayEquals(client.parameters(), model.parameters(), "client and cluster mode differ");
    }
  }

  /**
   * A training that fails in the ApplicationMaster (its data does not exist) is a FAILED YARN
   * application whose diagnostics carry descent's exit code, and spark-submit exits non-zero.
   */
  @Test
  @Order(3)
  void aFailedTrainingInClusterModeIsAFailedApplication() throws Exception {
    Result r =
        run(
            "submit-cluster-missing-data",
            Duration.ofSeconds(330),
            Map.of(),
            ROOT.resolve("deploy/submit-yarn.sh").toString(),
            "train",
            "--conf",
            ROOT.resolve("conf/digits.properties").toString(),
            "--set",
            "data.train=hdfs:///data/no-such-file.csv",
            "--out",
            "hdfs:///runs/missing-data");
    assertTrue(r.exit() != 0, "the submission succeeded:\n" + r.tail());
    ApplicationReport app = onlyNewApplication();
    assertEquals(FinalApplicationStatus.FAILED, app.getFinalApplicationStatus(), app.toString());
    assertTrue(
        app.getDiagnostics().contains("descent exited with code " + Main.EXIT_BAD_DATA),
        app.getDiagnostics());
    String driverLog = containerLogs(app, "000001", "stdout", "stderr");
    assertTrue(
        driverLog.lines().anyMatch(l -> l.startsWith("descent: ")),
        "no message of descent's own in the driver's log:\n" + driverLog);
    assertFalse(
        HDFS.fileSystem().exists(new org.apache.hadoop.fs.Path("/runs/missing-data/model")));
  }

  /**
   * Submits 3 epochs of digits through deploy/submit-yarn.sh in {@code mode}, and checks the YARN
   * application, the run's outputs in HDFS and the saved model.
   */
  private static SavedModel submitAndCheck(String mode) throws Exception {
    String out = "hdfs:///runs/" + mode;
    long t0 = System.nanoTime();
    Result r =
        run(
            "submit-" + mode,
            Duration.ofSeconds(330),
            Map.of("DESCENT_DEPLOY_MODE", mode),
            ROOT.resolve("deploy/submit-yarn.sh").toString(),
            "train",
            "--master",
            "yarn",
            "--conf",
            ROOT.resolve("conf/digits.properties").toString(),
            "--set",
            "data.train=hdfs:///data/digits.csv.gz",
            "--set",
            "train.partitions=2",
            "--set",
            "train.epochs=3",
            "--set",
            "train.seed=5",
            "--out",
            out);
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertEquals(0, r.exit(), "the YARN submission (" + mode + " mode) failed:\n" + r.tail());
    assertFalse(r.output().contains("local path"), "the script warned:\n" + r.tail());

    ApplicationReport app = onlyNewApplication();
    assertEquals(YarnApplicationState.FINISHED, app.getYarnApplicationState(), app.toString());
    assertEquals(FinalApplicationStatus.SUCCEEDED, app.getFinalApplicationStatus(), app.toString());
    assertEquals("descent", app.getName());
    assertTrue(app.getQueue().endsWith("default"), app.getQueue()); // "root.default"
    assertEquals("SPARK", app.getApplicationType());

    // The driver's log: the CLI's stdout here in client mode, the AM container's in cluster mode.
    String driverLog =
        mode.equals("client") ? r.output() : containerLogs(app, "000001", "stdout", "stderr");
    assertTrue(
        driverLog.contains("steps run in resident tasks") && driverLog.contains("network exchange"),
        "the run did not take the resident path:\n" + driverLog);
    // The executors were started with spark.authenticate (the secret reaches them in the YARN
    // credentials, never on a command line).
    List<String> executorScripts = launchScripts(app);
    assertEquals(2, executorScripts.size(), "executor containers: " + executorScripts.size());
    for (String script : executorScripts) {
      assertTrue(script.contains("-Dspark.authenticate=true"), script);
      assertFalse(script.contains("spark.authenticate.secret"), script);
    }

    FileSystem fs = HDFS.fileSystem();
    for (String f : List.of("model", "metrics.jsonl", "summary.json", "report.html")) {
      assertTrue(
          fs.exists(new org.apache.hadoop.fs.Path("/runs/" + mode + "/" + f)),
          f + " missing in " + out);
    }
    JsonNode summary;
    try (InputStream in =
        fs.open(new org.apache.hadoop.fs.Path("/runs/" + mode + "/summary.json"))) {
      summary = new ObjectMapper().readTree(in);
    }
    double accuracy = summary.path("test").path("accuracy").asDouble(Double.NaN);
    Configuration hadoop = new Configuration();
    hadoop.set("fs.defaultFS", HDFS.uri());
    SavedModel model = ModelStore.load(HDFS.uri() + "/runs/" + mode + "/model", hadoop);
    System.out.printf(
        "YarnClusterIT: %s mode: submission %.1f s, training %.1f s, %d epochs, test accuracy %.4f,"
            + " %d parameters%n",
        mode,
        seconds,
        summary.path("seconds").asDouble(),
        summary.path("epochs").asInt(),
        accuracy,
        model.parameters().length);
    assertEquals(3, summary.path("epochs").asInt(), summary.toString());
    assertTrue(accuracy > 0.85, "test accuracy " + accuracy + ": " + summary);
    assertArrayEquals(new int[] {64, 64, 10}, model.spec().widths());
    assertEquals(64 * 64 + 64 + 64 * 10 + 10, model.parameters().length);
    for (float p : model.parameters()) {
      assertTrue(Float.isFinite(p), "a parameter is not finite");
    }
    assertTrue(
        model.provenance().toString().contains("hdfs:///data/digits.csv.gz"),
        "the model's provenance does not name the HDFS data: " + model.provenance());
    return model;
  }

  // --- the cluster -----------------------------------------------------------------------------

  /**
   * HADOOP_CONF_DIR as a cluster's client would have it: core-site.xml names the MiniDFSCluster
   * (one datanode, so one replica), yarn-site.xml the MiniYARNCluster's addresses.
   */
  private static void writeHadoopConf(Configuration running) throws IOException {
    Files.createDirectories(HADOOP_CONF);
    Configuration core = new Configuration(false);
    core.set("fs.defaultFS", HDFS.uri());
    for (String[] kv : MiniHdfs.clientSettings()) {
      core.set(kv[0].substring("spark.hadoop.".length()), kv[1]);
    }
    Configuration site = new Configuration(false);
    for (Map.Entry<String, String> e : running) {
      if (e.getKey().startsWith("yarn.")) {
        site.set(e.getKey(), e.getValue());
      }
    }
    try (OutputStream out = Files.newOutputStream(HADOOP_CONF.resolve("core-site.xml"))) {
      core.writeXml(out);
    }
    try (OutputStream out = Files.newOutputStream(HADOOP_CONF.resolve("yarn-site.xml"))) {
      site.writeXml(out);
    }
  }

  /**
   * A Spark distribution's layout from the Maven jars: jars/ (symlinks to Spark's runtime jars
   * without Descent's, spark-yarn among them; the containers use them in place through
   * spark.yarn.jars=local:...), conf/log4j2.properties and bin/spark-submit.
   */
  private static void buildSparkHome() throws IOException {
    Path jars = SPARK_HOME.resolve("jars");
    Files.createDirectories(jars);
    Files.createDirectories(SPARK_HOME.resolve("bin"));
    Files.createDirectories(SPARK_HOME.resolve("conf"));
    try (Stream<Path> old = Files.list(jars)) {
      for (Path p : old.toList()) {
        Files.delete(p);
      }
    }
    String cp =
        Files.readString(
                Path.of(System.getProperty("descent.spark.classpath")), StandardCharsets.UTF_8)
            .strip();
    for (String jar : cp.split(":")) {
      Path p = Path.of(jar);
      if (jar.endsWith(".jar") && !Files.exists(jars.resolve(p.getFileName()))) {
        Files.createSymbolicLink(jars.resolve(p.getFileName()), p);
      }
    }
    Files.copy(
        ROOT.resolve("conf/log4j2.properties"),
        SPARK_HOME.resolve("conf/log4j2.properties"),
        StandardCopyOption.REPLACE_EXISTING);
    Path submit = SPARK_HOME.resolve("bin/spark-submit");
    try (InputStream in = YarnClusterIT.class.getResourceAsStream("/yarn-it/spark-submit")) {
      Files.copy(in, submit, StandardCopyOption.REPLACE_EXISTING);
    }
    assertTrue(submit.toFile().setExecutable(true));
  }

  /** The one application that finished since the last call. */
  private static ApplicationReport onlyNewApplication() throws Exception {
    try (YarnClient client = YarnClient.createYarnClient()) {
      client.init(yarn.getConfig());
      client.start();
      List<ApplicationReport> apps = new ArrayList<>(client.getApplications());
      apps.removeIf(a -> SEEN.contains(a.getApplicationId().toString()));
      assertEquals(1, apps.size(), "new YARN applications: " + apps);
      SEEN.add(apps.get(0).getApplicationId().toString());
      return apps.get(0);
    }
  }

  /**
   * The NodeManager's log directories of {@code app}'s containers: stdout, stderr and a copy of
   * each container's launch_container.sh.
   */
  private static List<Path> containerDirs(ApplicationReport app) throws IOException {
    String id = app.getApplicationId().toString();
    try (Stream<Path> files = Files.walk(YARN_DIR)) {
      return files
          .filter(Files::isDirectory)
          .filter(d -> d.getFileName().toString().startsWith("container_"))
          .filter(d -> d.getParent().getFileName().toString().equals(id))
          .filter(d -> d.getParent().getParent().getFileName().toString().contains("-logDir-"))
          .sorted()
          .toList();
    }
  }

  /** The files {@code names} of the container whose id ends with {@code suffix}, concatenated. */
  private static String containerLogs(ApplicationReport app, String suffix, String... names)
      throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Path d : containerDirs(app)) {
      if (d.getFileName().toString().endsWith(suffix)) {
        for (String n : names) {
          Path f = d.resolve(n);
          if (Files.exists(f)) {
            sb.append(Files.readString(f, StandardCharsets.UTF_8));
          }
        }
      }
    }
    return sb.toString();
  }

  /** launch_container.sh of each executor container (CoarseGrainedExecutorBackend) of app. */
  private static List<String> launchScripts(ApplicationReport app) throws IOException {
    List<String> scripts = new ArrayList<>();
    for (Path d : containerDirs(app)) {
      Path f = d.resolve("launch_container.sh");
      if (Files.exists(f)) {
        String s = Files.readString(f, StandardCharsets.UTF_8);
        if (s.contains("YarnCoarseGrainedExecutorBackend")) {
          scripts.add(s);
        }
      }
    }
    return scripts;
  }

  // --- helpers -------------------------------------------------------------------------------

  private record Result(int exit, String output) {
    String tail() {
      String[] lines = output.split("\n");
      return String.join(
          "\n", List.of(lines).subList(Math.max(0, lines.length - 80), lines.length));
    }
  }

  private static Path clusterJar() {
    return Path.of(System.getProperty("descent.cluster.jar", "target/descent-cluster.jar"));
  }

  /** Runs a deploy script in the module directory, output to IT_DIR/name.log; killed on timeout. */
  private static Result run(String name, Duration timeout, Map<String, String> env, String... cmd)
      throws IOException, InterruptedException {
    Path log = IT_DIR.resolve(name + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(MODULE.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> e = pb.environment();
    e.put("SPARK_HOME", SPARK_HOME.toString());
    e.remove("SPARK_CONF_DIR");
    e.remove("YARN_CONF_DIR");
    e.put("HADOOP_CONF_DIR", HADOOP_CONF.toString());
    e.put("JAVA_HOME", System.getProperty("java.home"));
    e.put("DESCENT_JAR", clusterJar().toString());
    e.put("DESCENT_NUM_EXECUTORS", "2");
    e.put("DESCENT_EXECUTOR_MEMORY", "512m");
    e.put("DESCENT_DRIVER_MEMORY", "768m");
    e.put("DESCENT_SUBMIT_TIMEOUT", Long.toString(timeout.toSeconds() - 15));
    // Spark's jars are on the node already (this machine): no upload of ~200 jars per run. The
    // containers stay on the loopback interface, as the client-mode driver does.
    e.put(
        "DESCENT_SUBMIT_OPTS",
        String.join(
            " ",
            "--conf spark.yarn.jars=local:" + SPARK_HOME.resolve("jars") + "/*",
            "--conf spark.ui.enabled=false",
            "--conf spark.yarn.appMasterEnv.SPARK_LOCAL_IP=127.0.0.1",
            "--conf spark.executorEnv.SPARK_LOCAL_IP=127.0.0.1"));
    e.putAll(env);
    Process p = pb.start();
    STARTED.add(p);
    boolean done = p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
    if (!done) {
      p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    return new Result(done ? p.exitValue() : -1, output + (done ? "" : "\n(killed after timeout)"));
  }
}
