package org.descent.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.mllib.evaluation.MulticlassMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple3;

/**
 * The metrics of MLlib's {@code ClassificationSummary} for a {@link DescentClassificationModel} on
 * one DataFrame (its training data in {@link DescentClassificationTrainingSummary}, any data from
 * {@code model.evaluate(dataset)}): accuracy, per-label and weighted precision, recall, F-measure,
 * true and false positive rates. The metrics are computed, with one Spark job, on first use.
 */
public class DescentClassificationSummary {
  private final Dataset<Row> predictions;
  private final String predictionCol;
  private final String labelCol;
  private final String weightCol;
  private MulticlassMetrics metrics;

  DescentClassificationSummary(
      Dataset<Row> predictions, String predictionCol, String labelCol, String weightCol) {
    this.predictions = predictions;
    this.predictionCol = predictionCol;
    this.labelCol = labelCol;
    this.weightCol = weightCol == null ? "" : weightCol;
  }

  /** The DataFrame with the model's prediction columns. */
  public Dataset<Row> predictions() {
    return predictions;
  }

  public String predictionCol() {
    return predictionCol;
  }

  public String labelCol() {
    return labelCol;
  }

  /** The column weighting each row, or "" when every row weighs 1 (as MLlib says it). */
  public String weightCol() {
    return weightCol;
  }

  private synchronized MulticlassMetrics metrics() {
    if (metrics == null) {
      Dataset<Row> triples =
          predictions.select(
              col(predictionCol).cast("double"),
              col(labelCol).cast("double"),
              weightCol.isEmpty() ? lit(1.0) : col(weightCol).cast("double"));
      metrics =
          new MulticlassMetrics(
              triples
                  .toJavaRDD()
                  .map(r -> new Tuple3<>(r.getDouble(0), r.getDouble(1), r.getDouble(2)))
                  .rdd());
    }
    return metrics;
  }

  /** The share of rows (weighted) whose prediction is their label. */
  public double accuracy() {
    return metrics().accuracy();
  }

  /** The labels, in ascending order, that the per-label arrays below follow. */
  public double[] labels() {
    return metrics().labels();
  }

  public double[] truePositiveRateByLabel() {
    return byLabel(metrics()::truePositiveRate);
  }

  public double[] falsePositiveRateByLabel() {
    return byLabel(metrics()::falsePositiveRate);
  }

  public double[] precisionByLabel() {
    return byLabel(metrics()::precision);
  }

  public double[] recallByLabel() {
    return byLabel(metrics()::recall);
  }

  public double[] fMeasureByLabel(double beta) {
    return byLabel(label -> metrics().fMeasure(label, beta));
  }

  public double[] fMeasureByLabel() {
    return fMeasureByLabel(1.0);
  }

  public double weightedTruePositiveRate() {
    return metrics().weightedTruePositiveRate();
  }

  public double weightedFalsePositiveRate() {
    return metrics().weightedFalsePositiveRate();
  }

  public double weightedRecall() {
    return metrics().weightedRecall();
  }

  public double weightedPrecision() {
    return metrics().weightedPrecision();
  }

  public double weightedFMeasure(double beta) {
    return metrics().weightedFMeasure(beta);
  }

  public double weightedFMeasure() {
    return weightedFMeasure(1.0);
  }

  private double[] byLabel(java.util.function.DoubleUnaryOperator metric) {
    double[] labels = labels();
    double[] out = new double[labels.length];
    for (int i = 0; i < labels.length; i++) {
      out[i] = metric.applyAsDouble(labels[i]);
    }
    return out;
  }
}
