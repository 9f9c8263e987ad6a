package org.descent.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.descent.config.Configuration;
import org.descent.config.ModelConfig;
import org.descent.data.DataSettings;
import org.descent.data.TrainingData;
import org.descent.io.Checkpoint;
import org.descent.io.CheckpointStore;
import org.descent.io.ModelStore;
import org.descent.io.RunOutputs;
import org.descent.nn.Blas;
import org.descent.nn.Initializer;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.nn.model.SavedModel;
import org.descent.ps.FlatConfig;
import org.descent.ps.InvalidConfigException;
import org.descent.ps.ParameterServer;
import org.descent.ps.UpdateConfig;
import org.descent.ps.train.EpochMetrics;
import org.descent.ps.train.Evaluation;
import org.descent.ps.train.TrainingResult;
import org.descent.ps.train.TrainingSettings;
import org.descent.spark.DistributedEvaluator;
import org.descent.spark.DistributedTrainer;
import org.descent.spark.DistributedTrainingResult;

/**
 * {@code descent train}: read and pack the data on Spark, train with the distributed trainer,
 * report per-epoch progress and test metrics, and with {@code --out DIR} write {@code model/},
 * {@code metrics.jsonl} and {@code summary.json}.
 */
final class TrainCommand {
  private final CliOptions options;
  private final PrintStream out;

  TrainCommand(CliOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  void run() {
    long started = System.nanoTime();
    Configuration conf = options.conf();
    NetworkSpec spec = ModelConfig.networkSpec(conf);
    FlatConfig flat = conf.flat();
    DataSettings dataSettings = DataSettings.fromMap(conf.asMap());
    long seed = flat.whole("train.seed", 42, Long.MIN_VALUE);
    TrainingSettings settings =
        new TrainingSettings(
            (int) flat.whole("train.epochs", 20, 1),
            (int) flat.whole("train.batchSize", 128, 1),
            seed,
            flat.flag("train.shuffle", true),
            (int) flat.whole("train.patience", 0, 0));
    boolean classifier = spec.loss().isClassification();
    int checkpointEvery = (int) flat.whole("train.checkpointEvery", 0, 0);
    int checkpointKeep = (int) flat.whole("train.checkpointKeep", 3, 1);
    String checkpointDir = checkpointDir(conf, checkpointEvery);

    SparkSession spark = SparkSessions.open(options.master(), "descent train");
    try {
      TrainingData data = TrainingData.load(spark, dataSettings, spec);
      if (settings.batchSize() > data.trainRows()) {
        throw new InvalidConfigException(
            "train.batchSize",
            "train.batchSize="
                + settings.batchSize()
                + " is larger than the "
                + data.trainRows()
                + " training rows; lower it");
      }
      UpdateConfig update = UpdateConfig.fromMap(withWholeRunSchedule(conf, settings, data));
      Network network = new Network(spec);
      org.apache.hadoop.conf.Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
      CheckpointStore checkpoints =
          checkpointDir == null
              ? null
              : new CheckpointStore(checkpointDir, hadoopConf, checkpointKeep);
      Checkpoint resume = null;
      ParameterServer server;
      if (options.resume()) {
        resume =
            checkpoints
                .latest(w -> out.println("descent: " + w))
                .orElseThrow(
                    () ->
                        new InvalidConfigException(
                            "--resume",
                            "--resume: no readable checkpoint (step-*.ckpt) in "
                                + checkpoints.dir()
                                + "; set train.checkpointDir or --out to the first run's"));
        server = ParameterServer.restore(resume.serverSnapshot(), network.layout());
        out.printf(
            "descent: resuming from %s (step %d, epoch %d)%n",
            checkpoints.fileOf(resume.step()), resume.step(), resume.epoch());
      } else {
        server =
            new ParameterServer(
                network.layout(), Initializer.initialParameters(spec, seed), update);
      }
      out.printf(
          "descent: %s, %d parameters; %d train / %d validation / %d test rows in %d partitions;"
              + " %s; master %s; BLAS %s%n",
          spec,
          network.layout().size(),
          data.trainRows(),
          data.validationRows(),
          data.testRows(),
          data.train().getNumPartitions(),
          update.optimizerName(),
          spark.sparkContext().master(),
          Blas.implementation());
      if (data.skipped().total() > 0) {
        out.println("descent: skipped bad records: " + data.skipped());
      }
      RunOutputs metrics = new RunOutputs();
      long stepsPerEpoch = (data.trainRows() + settings.batchSize() - 1) / settings.batchSize();
      ProgressBar bar = new ProgressBar(System.err, ProgressBar.onTerminal(), (int) stepsPerEpoch);
      int logEvery = (int) flat.whole(DistributedTrainer.LOG_EVERY, 50, 0);
      long trainStart = System.nanoTime();
      DistributedTrainingResult run =
          new DistributedTrainer(network, server, settings)
              .configure(flat)
              .onEpoch(
                  m -> {
                    bar.clear();
                    out.println(EpochLine.format(m, classifier));
                    metrics.add(epochRecord(m));
                  })
              .onStep(
                  r -> {
                    bar.step(r);
                    if (logEvery > 0 && r.step() % logEvery == 0) {
                      metrics.add(stepRecord(r));
                    }
                  })
              .checkpointEvery(
                  checkpoints == null ? 0 : checkpointEvery,
                  c -> {
                    if (checkpoints != null) {
                      checkpoints.write(c);
                    }
                  })
              .resumeFrom(resume)
              .train(data.train(), data.validation(), data.targetScaling());
      double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
      TrainingResult result = run.training();
      out.printf(
          Locale.ROOT,
          "trained %d epochs (%d steps) in %.1f s%s; best epoch %d%n",
          result.history().size(),
          server.step(),
          trainSeconds,
          result.stoppedEarly() ? " (stopped early)" : "",
          result.bestEpoch());

      Evaluation test =
          data.test() == null
              ? null
              : DistributedEvaluator.evaluate(
                  data.test(),
                  spec,
                  result.parameters(),
                  result.layerState(),
                  data.targetScaling());
      if (test != null) {
        out.println("test: " + Metrics.format(test, classifier));
      }
      if (options.out() != null) {
        org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        SavedModel model =
            new SavedModel(
                spec,
                result.parameters(),
                result.layerState(),
                data.scaling(),
                data.targetScaling(),
                Provenance.of(conf, spark, dataSettings));
        String modelDir = options.out().replaceAll("/+$", "") + "/model";
        ModelStore.save(model, modelDir, hadoop);
        metrics.writeMetrics(options.out(), hadoop);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("steps", server.step());
        summary.put("epochs", result.history().size());
        summary.put("bestEpoch", result.bestEpoch());
        summary.put("stoppedEarly", result.stoppedEarly());
        summary.put("seconds", trainSeconds);
        summary.put("totalSeconds", (System.nanoTime() - started) / 1e9);
        summary.put("rowsPerSecond", settings.epochs() > 0 ? rowsPerSecond(run, trainSeconds) : 0);
        EpochMetrics last = result.history().get(result.history().size() - 1);
        summary.put("train", Map.of("loss", last.trainLoss()));
        EpochMetrics best = result.history().get(Math.max(0, result.bestEpoch() - 1));
        summary.put("validation", Metrics.validation(best, classifier));
        if (test != null) {
          summary.put("test", Metrics.map(test, classifier));
        }
        summary.put("model", modelDir);
        RunOutputs.writeSummary(options.out(), summary, hadoop);
        out.println("wrote " + modelDir + ", metrics.jsonl and summary.json to " + options.out());
      }
      data.unpersist();
    } finally {
      spark.stop();
    }
  }

  /**
   * Where checkpoints go (null = nowhere): train.checkpointDir, else {@code <--out>/checkpoints}.
   */
  private String checkpointDir(Configuration conf, int every) {
    String dir = conf.flat().asMap().getOrDefault("train.checkpointDir", "").trim();
    if (!dir.isEmpty()) {
      return dir;
    }
    if (options.out() != null && !options.out().isBlank()) {
      return options.out().replaceAll("/+$", "") + "/checkpoints";
    }
    if (every > 0 || options.resume()) {
      throw new InvalidConfigException(
          "train.checkpointDir",
          (options.resume() ? "--resume" : "train.checkpointEvery=" + every)
              + " needs a checkpoint directory: set train.checkpointDir or --out DIR");
    }
    return null;
  }

  /** schedule.totalSteps=0 means the whole run: epochs × steps per epoch, known once data is. */
  private static java.util.Map<String, String> withWholeRunSchedule(
      Configuration conf, TrainingSettings settings, TrainingData data) {
    java.util.Map<String, String> map = new java.util.TreeMap<>(conf.asMap());
    if ("0".equals(map.get("schedule.totalSteps"))) {
      long perEpoch = (data.trainRows() + settings.batchSize() - 1) / settings.batchSize();
      map.put("schedule.totalSteps", Long.toString(perEpoch * settings.epochs()));
    }
    return map;
  }

  private static double rowsPerSecond(DistributedTrainingResult run, double seconds) {
    long rows = 0;
    for (var s : run.steps()) {
      rows += s.rows();
    }
    return seconds > 0 ? rows / seconds : 0;
  }

  private static Map<String, Object> epochRecord(EpochMetrics m) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("type", "epoch");
    r.put("epoch", m.epoch());
    r.put("steps", m.steps());
    r.put("trainLoss", m.trainLoss());
    r.put("validationLoss", m.validationLoss());
    r.put("validationAccuracy", m.validationAccuracy());
    r.put("validationMse", m.validationMse());
    r.put("validationMae", m.validationMae());
    r.put("validationR2", m.validationR2());
    r.put("seconds", m.seconds());
    return r;
  }

  private static Map<String, Object> stepRecord(org.descent.spark.StepRecord s) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("type", "step");
    r.put("step", s.step());
    r.put("epoch", s.epoch());
    r.put("loss", s.loss());
    r.put("rows", s.rows());
    r.put("stepMs", s.stepNanos() / 1e6);
    r.put("computeMs", s.computeNanos() / 1e6);
    r.put("aggregateMs", s.aggregateNanos() / 1e6);
    r.put("updateMs", s.updateNanos() / 1e6);
    r.put("broadcastMs", s.broadcastNanos() / 1e6);
    r.put("schedulingMs", s.schedulingNanos() / 1e6);
    return r;
  }

  /** Where the model came from; never secrets (keys with secret/password/token are left out). */
  static final class Provenance {
    private Provenance() {}

    static Map<String, String> of(Configuration conf, SparkSession spark, DataSettings data) {
      Map<String, String> p = new LinkedHashMap<>();
      String version = TrainCommand.class.getPackage().getImplementationVersion();
      p.put("descent.version", version == null ? "dev" : version);
      p.put("spark.version", spark.version());
      p.put("java.version", System.getProperty("java.version"));
      p.put("trained.at", Instant.now().toString());
      p.put("data.train", data.train());
      conf.asMap()
          .forEach(
              (k, v) -> {
                String lower = k.toLowerCase(Locale.ROOT);
                if (!lower.contains("secret")
                    && !lower.contains("password")
                    && !lower.contains("token")) {
                  p.put("config." + k, v);
                }
              });
      return p;
    }
  }
}
