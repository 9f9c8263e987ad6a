package org.descent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.descent.config.Configuration;
import org.descent.config.ModelConfig;
import org.descent.config.SecretKeys;
import org.descent.nn.NetworkSummary;
import org.descent.ps.LearningRateSchedule;
import org.descent.ps.train.EpochMetrics;
import org.descent.spark.StepRecord;
import org.junit.jupiter.api.Test;

/** The content of report.html, from a made-up run (no Spark). */
class TrainingReportTest {

  /** A 3-epoch, 30-step run of [3, 4, 2] (or [3, 4, 1] regression) with a secret in the config. */
  static TrainingReport.Run sampleRun(boolean classifier) {
    List<StepRecord> steps = new ArrayList<>();
    List<EpochMetrics> history = new ArrayList<>();
    for (int s = 1; s <= 30; s++) {
      int epoch = (s - 1) / 10 + 1;
      steps.add(
          new StepRecord(
              s,
              epoch,
              2.0 / s + 0.1 * (s % 3),
              64,
              5_500_000,
              1_000_000,
              2_500_000,
              1_000_000,
              500_000,
              500_000));
    }
    for (int e = 1; e <= 3; e++) {
      double nan = Double.NaN;
      history.add(
          classifier
              ? new EpochMetrics(
                  e, 10, 1.0 / e, 1.1 / e, 0.5 + 0.1 * e, 0.4 + 0.1 * e, nan, nan, nan, 0.2)
              : new EpochMetrics(
                  e, 10, 1.0 / e, 1.1 / e, nan, nan, 0.9 / e, 0.7 / e, 0.2 * e, 0.2));
    }
    Configuration conf =
        Configuration.defaults()
            .with("model.layers", classifier ? "3,4,2" : "3,4,1")
            .with("model.head", classifier ? "softmax" : "mse")
            .with("optimizer.lr", "0.0123");
    Map<String, String> config = new LinkedHashMap<>(conf.asMap());
    config.put("fs.s3a.secret.key", "hunter2");
    config.put("data.accessToken", "tok-123");
    config.put("db.Password", "pa55");
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("steps", 30L);
    summary.put("validation", Map.of("loss", 0.37));
    return new TrainingReport.Run(
        "descent train: <test> & run",
        classifier,
        steps,
        history,
        new LearningRateSchedule.Cosine(0.0123, 0.0001, 30),
        NetworkSummary.of(ModelConfig.networkSpec(conf)),
        config,
        Map.of("optimizer.lr", "--set"),
        summary,
        classifier ? new ConfusionMatrix("test", new long[][] {{40, 2}, {7, 51}}) : null);
  }

  @Test
  void aClassifiersPageHasEverySectionButRegression() {
    String html = TrainingReport.page(sampleRun(true)).render();
    List<String> expected = new ArrayList<>(TrainingReport.SECTIONS);
    expected.remove("regression");
    assertEquals(expected, ReportPages.sectionIds(html));
  }

  @Test
  void aRegressionPageShowsR2AndMseInsteadOfAccuracyAndConfusion() throws IOException {
    String html = TrainingReport.page(sampleRun(false)).render();
    List<String> expected = new ArrayList<>(TrainingReport.SECTIONS);
    expected.remove("accuracy");
    expected.remove("confusion");
    assertEquals(expected, ReportPages.sectionIds(html));
    assertTrue(html.contains("alt=\"validation R² per epoch\""));
    assertTrue(html.contains("alt=\"validation MSE per epoch\""));
    assertEquals(6, ReportPages.images(html).size());
  }

  @Test
  void everyImageIsANonBlankPngDataUri() throws IOException {
    String html = TrainingReport.page(sampleRun(true)).render();
    List<BufferedImage> images = ReportPages.images(html);
    // loss per step, loss per epoch, accuracy, learning rate, step time
    assertEquals(5, images.size());
    for (BufferedImage image : images) {
      assertEquals(Charts.WIDTH, image.getWidth());
      assertEquals(Charts.HEIGHT, image.getHeight());
      assertTrue(ReportPages.colours(image) > 10, "a blank chart");
    }
  }

  @Test
  void secretsAreMaskedAndOtherValuesShown() {
    String html = TrainingReport.page(sampleRun(true)).render();
    for (String secret : List.of("hunter2", "tok-123", "pa55")) {
      assertFalse(html.contains(secret), secret + " leaked into the page");
    }
    assertTrue(
        html.contains("<td>fs.s3a.secret.key</td><td>" + SecretKeys.MASK + "</td>"), "masked row");
    assertTrue(html.contains("<td>optimizer.lr</td><td>0.0123</td><td>--set</td>"), html);
    assertTrue(html.contains("<td>train.epochs</td><td>20</td><td>defaults</td>"));
  }

  @Test
  void theNetworkTableAndConfusionMatrixCarryTheirNumbers() {
    String html = TrainingReport.page(sampleRun(true)).render();
    assertTrue(html.contains("<td>total</td><td></td><td>26</td>"), "26 parameters for 3,4,2");
    assertTrue(html.contains("On the test split (100 rows, accuracy 0.9100)"));
    assertTrue(html.matches("(?s).*<th>1</th><td [^>]*>7</td><td [^>]*>51</td><td>58</td>.*"));
  }

  @Test
  void aTiedNetworksTableShowsOwnedAndUntiedCounts() {
    TrainingReport.Run r = sampleRun(false);
    NetworkSummary tied =
        NetworkSummary.of(
            ModelConfig.networkSpec(
                Configuration.defaults()
                    .with("model.layers", "8,3,8")
                    .with("model.head", "mse")
                    .with("model.ties", "2:1:transpose")));
    TrainingReport.Run tiedRun =
        new TrainingReport.Run(
            r.title(),
            r.classifier(),
            r.steps(),
            r.history(),
            r.schedule(),
            tied,
            r.config(),
            r.configSources(),
            r.summary(),
            r.confusion());
    String html = TrainingReport.page(tiedRun).render();
    assertTrue(html.contains("<td>total (owned)</td><td></td><td>35</td>"), "35 owned of 8,3,8");
    assertTrue(html.contains("<td>untied (no sharing)</td><td></td><td>59</td>"), "59 untied");
    assertFalse(TrainingReport.page(r).render().contains("untied"), "an untied net has one total");
  }

  @Test
  void textIsEscaped() {
    String html = TrainingReport.page(sampleRun(true)).render();
    assertTrue(html.contains("<title>descent train: &lt;test&gt; &amp; run</title>"));
    assertFalse(html.contains("<test>"));
  }

  @Test
  void theStepTimeShareIsSummedOverAllSteps() {
    String html = TrainingReport.page(sampleRun(true)).render();
    assertTrue(
        html.contains(
            "Over all 30 steps: broadcast 18.2%, scheduling 9.1%, compute 45.5%, aggregate 18.2%,"
                + " update 9.1% of 5.5 ms per step."),
        html);
  }
}
