package org.descent.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.descent.config.Configuration;
import org.descent.config.ModelConfig;
import org.descent.config.Provenance;
import org.descent.config.TrainConfig;
import org.descent.data.DataSettings;
import org.descent.data.TrainingData;
import org.descent.io.Checkpoint;
import org.descent.io.CheckpointStore;
import org.descent.io.ModelStore;
import org.descent.io.RunIdentity;
import org.descent.io.RunOutputs;
import org.descent.nn.Blas;
import org.descent.nn.Initializer;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.nn.NetworkSummary;
import org.descent.nn.model.SavedModel;
import org.descent.ps.FlatConfig;
import org.descent.ps.InvalidConfigException;
import org.descent.ps.ParameterServer;
import org.descent.ps.UpdateConfig;
import org.descent.ps.config.CommandKeys;
import org.descent.ps.config.DataKeys;
import org.descent.ps.config.TrainKeys;
import org.descent.ps.train.EpochMetrics;
import org.descent.ps.train.Evaluation;
import org.descent.ps.train.TrainingResult;
import org.descent.ps.train.TrainingSettings;
import org.descent.report.ConfusionMatrix;
import org.descent.report.TrainingReport;
import org.descent.spark.DistributedEvaluator;
import org.descent.spark.DistributedTrainer;
import org.descent.spark.DistributedTrainingResult;

/**
 * {@code descent train}: read and pack the data on Spark, train with the distributed trainer,
 * report per-epoch progress and test metrics, and with {@code --out DIR} write {@code model/},
 * {@code metrics.jsonl} and {@code summary.json}.
 */
record TrainCommand(CliOptions options, PrintStream out) {
  void run() {
    long started = System.nanoTime();
    Configuration conf = options.conf();
    NetworkSpec spec = ModelConfig.networkSpec(conf);
    FlatConfig flat = conf.flat();
    DataSettings dataSettings = DataSettings.fromMap(conf.asMap());
    TrainingSettings settings = TrainConfig.settings(flat);
    boolean classifier = spec.loss().isClassification();
    ClassNames.parse(
        conf.get(DataKeys.CLASS_NAMES), spec); // refused before any work, not at predict
    int checkpointEvery = TrainKeys.CHECKPOINT_EVERY.read(flat);
    int checkpointKeep = TrainKeys.CHECKPOINT_KEEP.read(flat);
    String checkpointDir = checkpointDir(conf, checkpointEvery);

    SparkSession spark = SparkSessions.open(options.master(), "descent train");
    try {
      org.apache.hadoop.conf.Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
      CheckpointStore checkpoints =
          checkpointDir == null
              ? null
              : new CheckpointStore(checkpointDir, hadoopConf, checkpointKeep);
      if (checkpoints != null && !options.resume()) {
        RunCheck.refuseOrRemoveAnotherRun(checkpoints, options.overwrite(), out);
      }
      String fingerprint =
          RunIdentity.fingerprint(
              dataSettings.test().isEmpty()
                  ? dataSettings.train()
                  : dataSettings.train() + "," + dataSettings.test(),
              hadoopConf);
      TrainingData data = TrainingData.load(spark, dataSettings, spec);
      checkBatchSize(settings, data);
      UpdateConfig update =
          UpdateConfig.fromMap(TrainConfig.withWholeRunSchedule(conf, settings, data.trainRows()));
      Network network = new Network(spec);
      RunIdentity identity =
          RunIdentity.of(
              conf.asMap(),
              data.train().getNumPartitions(),
              fingerprint,
              network.layout().size(),
              Provenance.descentVersion());
      // What really trains: on resume the optimiser's settings come from the checkpoint.
      Configuration used = conf;
      Checkpoint resume = null;
      ParameterServer server;
      if (options.resume()) {
        CheckpointStore.Stored stored =
            checkpoints
                .latestStored(w -> out.println("descent: " + w))
                .orElseThrow(
                    () ->
                        new InvalidConfigException(
                            "--resume",
                            "--resume: no readable checkpoint (step-*.ckpt) in "
                                + checkpoints.dir()
                                + "; set train.checkpointDir or --out to the first run's"));
        used = RunCheck.checkResume(stored, identity, options.conf(), options.force(), out);
        identity = identity.continuing(stored.identity());
        resume = stored.checkpoint();
        server = ParameterServer.restore(resume.serverSnapshot(), network.layout());
        out.printf(
            "descent: resuming from %s (step %d, epoch %d)%n",
            checkpoints.fileOf(resume.step()), resume.step(), resume.epoch());
      } else {
        server =
            new ParameterServer(
                network.layout(), Initializer.initialParameters(spec, settings.seed()), update);
      }
      if (checkpoints != null) {
        checkpoints.forRun(identity);
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
      if (data.sparseNote() != null) {
        out.println("descent: " + data.sparseNote());
      }
      RunOutputs metrics = new RunOutputs();
      long stepsPerEpoch = (data.trainRows() + settings.batchSize() - 1) / settings.batchSize();
      ProgressBar bar = new ProgressBar(System.err, ProgressBar.onTerminal(), (int) stepsPerEpoch);
      int logEvery = TrainKeys.LOG_EVERY.read(flat);
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

      boolean report = options.out() != null && CommandKeys.REPORT_ENABLED.read(flat);
      // report.html's confusion matrix is counted in this same pass over the test rows
      Evaluation test =
          data.test() == null
              ? null
              : DistributedEvaluator.evaluate(
                  data.test(),
                  spec,
                  result.parameters(),
                  result.layerState(),
                  data.targetScaling(),
                  report && classifier);
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
                Provenance.of(used, spark.version(), dataSettings.train()));
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
        summary.put("skippedRecords", skippedRecords(data));
        summary.put("model", modelDir);
        RunOutputs.writeSummary(options.out(), summary, hadoop);
        out.println("wrote " + modelDir + ", metrics.jsonl and summary.json to " + options.out());
        if (report) {
          writeReport(used, spec, update, data, run, test, summary, hadoop);
        }
      }
      data.unpersist();
    } finally {
      spark.stop();
    }
  }

  /**
   * train.batchSize must not exceed the training rows (a step would be the whole set, twice), nor
   * be smaller than the partitions the input was read into.
   */
  static void checkBatchSize(TrainingSettings settings, TrainingData data) {
    TrainConfig.checkBatchCoversPartitions(
        settings.batchSize(), data.train().getNumPartitions(), "the input's ");
    TrainConfig.checkBatchFitsRows(
        settings.batchSize(), data.trainRows(), "training rows; lower it");
  }

  /**
   * report.html next to summary.json. The model is saved by now, so a report that cannot be drawn
   * (e.g. a JVM without fonts) is a warning, not a failed run. A classifier's confusion matrix is
   * {@code test}'s pair counts, or without a test split those of one validation pass.
   */
  private void writeReport(
      Configuration conf,
      NetworkSpec spec,
      UpdateConfig update,
      TrainingData data,
      DistributedTrainingResult run,
      Evaluation test,
      Map<String, Object> summary,
      org.apache.hadoop.conf.Configuration hadoop) {
    String file = options.out().replaceAll("/+$", "") + "/report.html";
    try {
      ConfusionMatrix confusion = null;
      if (spec.loss().isClassification()) {
        if (test != null) {
          confusion = new ConfusionMatrix("test", test.confusion());
        } else if (data.validation() != null) {
          // no test split: one pass over the validation rows with the best weights
          TrainingResult result = run.training();
          Evaluation validation =
              DistributedEvaluator.evaluate(
                  data.validation(),
                  spec,
                  result.parameters(),
                  result.layerState(),
                  data.targetScaling(),
                  true);
          confusion = new ConfusionMatrix("validation", validation.confusion());
        }
      }
      TrainingReport.page(
              new TrainingReport.Run(
                  "descent train: " + spec,
                  spec.loss().isClassification(),
                  run.steps(),
                  run.training().history(),
                  update.schedule(),
                  NetworkSummary.of(spec),
                  conf.asMap(),
                  sources(conf),
                  summary,
                  confusion))
          .write(file, hadoop);
      out.println("wrote " + file);
    } catch (Exception | LinkageError | java.awt.AWTError e) {
      // Exception, not RuntimeException: a failed Spark job (the validation pass) surfaces as
      // Scala's checked SparkException, and a report must never fail a run that trained.
      out.println("descent: report.html not written (the model and metrics are): " + e);
    }
  }

  private static Map<String, String> sources(Configuration conf) {
    Map<String, String> sources = new LinkedHashMap<>();
    conf.asMap().keySet().forEach(k -> sources.put(k, conf.sourceOf(k)));
    return sources;
  }

  /**
   * Where checkpoints go (null = nowhere): train.checkpointDir, else {@code <--out>/checkpoints}.
   */
  private String checkpointDir(Configuration conf, int every) {
    String dir = TrainKeys.CHECKPOINT_DIR.read(conf.flat()).trim();
    if (!dir.isEmpty()) {
      return dir;
    }
    if (options.out() != null && !options.out().isBlank()) {
      return options.out().replaceAll("/+$", "") + "/checkpoints";
    }
    if (every > 0 || options.resume()) {
      throw new InvalidConfigException(
          TrainKeys.CHECKPOINT_DIR.name(),
          (options.resume() ? "--resume" : "train.checkpointEvery=" + every)
              + " needs a checkpoint directory: set train.checkpointDir or --out DIR");
    }
    return null;
  }

  /** {"total": n, "<reason>": n, ...} for summary.json; total 0 when none were skipped. */
  private static Map<String, Object> skippedRecords(TrainingData data) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("total", data.skipped().total());
    data.skipped().counts().forEach((reason, n) -> m.put(reason.description(), n));
    return m;
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
    r.putAll(m.asMap());
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
}
