package org.descent.bench;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.Tokenizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.descent.ml.DescentClassificationModel;
import org.descent.ml.DescentClassifier;

/**
 * Benchmark (bench/ml-sparse.sh), not a test: one fit of Tokenizer → HashingTF(2^bits) →
 * DescentClassifier on the Debian descriptions, through the sparse first layer ({@code
 * sparseInput=auto}) or densified ({@code sparseInput=false}), in a fresh local[2] JVM per run.
 * Prints training rows × epochs per second of fit wall time (packing included) and the peak of the
 * used heap, sampled every 5 ms. The pipeline and settings are those of spark-job's {@code
 * SparseTextPipelineTest} (its {@code DebianSections}): no hidden layer, counts unscaled, Adam.
 *
 * <p>Usage: {@code SparseTextBench BITS auto|false [EPOCHS]}
 */
public final class SparseTextBench {
  private SparseTextBench() {}

  public static void main(String[] args) throws Exception {
    int bits = Integer.parseInt(args[0]);
    String sparseInput = args[1];
    int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("sparse-text-bench")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    StructType schema =
        new StructType()
            .add("label", DataTypes.DoubleType)
            .add("section", DataTypes.StringType)
            .add("text", DataTypes.StringType);
    Dataset<Row>[] split =
        spark
            .read()
            .option("sep", "\t")
            .schema(schema)
            .csv(args.length > 3 ? args[3] : "data/debian-sections.tsv.gz")
            .repartition(2)
            .randomSplit(new double[] {0.8, 0.2}, 7);
    Dataset<Row> train = split[0].cache();
    Dataset<Row> test = split[1].cache();
    long rows = train.count();
    test.count();
    AtomicLong peak = new AtomicLong();
    Runtime rt = Runtime.getRuntime();
    System.gc();
    Thread sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                try {
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    sampler.setDaemon(true);
    long baseline = rt.totalMemory() - rt.freeMemory();
    sampler.start();
    long start = System.nanoTime();
    DescentClassifier descent =
        new DescentClassifier()
            .setHiddenLayers()
            .setScaling("none")
            .setStepSize(0.02)
            .setBatchSize(64)
            .setMaxIter(epochs)
            .setSeed(7)
            .setSparseInput(sparseInput)
            .setConfig("validationFraction", "0");
    PipelineModel model =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  new Tokenizer().setInputCol("text").setOutputCol("words"),
                  new HashingTF()
                      .setInputCol("words")
                      .setOutputCol("features")
                      .setNumFeatures(1 << bits),
                  descent
                })
            .fit(train);
    double seconds = (System.nanoTime() - start) / 1e9;
    sampler.interrupt();
    sampler.join();
    DescentClassificationModel m = (DescentClassificationModel) model.stages()[2];
    double accuracy =
        new MulticlassClassificationEvaluator()
            .setMetricName("accuracy")
            .evaluate(model.transform(test));
    System.out.println(
        String.format(
            Locale.ROOT,
            "RESULT features=2^%d path=%s rows=%d epochs=%d fit=%.1fs rows/s=%.0f"
                + " peakHeap=%dMiB (before fit %dMiB, max %dMiB) testAccuracy=%.4f",
            bits,
            m.summary().sparseInput() ? "sparse" : "densified",
            rows,
            epochs,
            seconds,
            rows * epochs / seconds,
            peak.get() >> 20,
            baseline >> 20,
            rt.maxMemory() >> 20,
            accuracy));
    spark.stop();
  }
}
