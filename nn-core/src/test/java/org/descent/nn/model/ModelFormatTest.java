package org.descent.nn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.descent.nn.Activation;
import org.descent.nn.BatchNormStatistics;
import org.descent.nn.FeatureScaling;
import org.descent.nn.HiddenLayerSpec;
import org.descent.nn.Initializer;
import org.descent.nn.Loss;
import org.descent.nn.Minibatch;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.nn.ParameterLayout;
import org.descent.nn.Workspace;
import org.junit.jupiter.api.Test;

/**
 * The model file: exact round trip, golden files (version 1 untied, version 2 tied) that must keep
 * loading, damage refused, and an older reader refusing a tied model clearly.
 */
class ModelFormatTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden/model-v1.bin");
  static final Path GOLDEN_PREDICTIONS =
      Path.of("src/test/resources/golden/model-v1-predictions.txt");
  static final Path GOLDEN_TIED = Path.of("src/test/resources/golden/model-v2-tied.bin");
  static final Path GOLDEN_TIED_PREDICTIONS =
      Path.of("src/test/resources/golden/model-v2-tied-predictions.txt");

  /**
   * A tied autoencoder-shaped model 4 → 6 (bn) → 5 → 6 → 4 whose layer 3 uses layer 2's matrix
   * transposed and layer 4 layer 1's.
   */
  static SavedModel goldenTiedModel() {
    NetworkSpec spec =
        new NetworkSpec(
            4,
            List.of(
                HiddenLayerSpec.of(6, Activation.RELU).withBatchNorm(true),
                HiddenLayerSpec.of(5, Activation.TANH),
                HiddenLayerSpec.of(6, Activation.SIGMOID)),
            4,
            Loss.MEAN_SQUARED_ERROR,
            List.of(
                new org.descent.nn.Tie(2, 1, org.descent.nn.Tie.Mode.TRANSPOSE),
                new org.descent.nn.Tie(3, 0, org.descent.nn.Tie.Mode.TRANSPOSE)));
    ParameterLayout layout = ParameterLayout.of(spec);
    float[] params = Initializer.initialParameters(spec, 7);
    for (int i = 0; i < params.length; i++) {
      params[i] += 0.01f * (i % 5); // non-zero biases so every bias reaches the predictions
    }
    float[] state = BatchNormStatistics.initialState(layout);
    return new SavedModel(
        spec,
        params,
        state,
        FeatureScaling.none(4),
        FeatureScaling.none(4),
        Map.of("descent.version", "0.1.0", "model.ties", "3:2:transpose,4:1:transpose"));
  }

  /** A fixed, fully deterministic model with batch norm, dropout and scaling. */
  static SavedModel goldenModel() {
    NetworkSpec spec =
        new NetworkSpec(
            4,
            List.of(
                HiddenLayerSpec.of(6, Activation.RELU).withBatchNorm(true).withDropout(0.2f),
                HiddenLayerSpec.of(5, Activation.TANH)),
            3,
            Loss.SOFTMAX_CROSS_ENTROPY);
    ParameterLayout layout = ParameterLayout.of(spec);
    float[] params = Initializer.initialParameters(spec, 2024);
    float[] state = BatchNormStatistics.initialState(layout);
    for (int i = 0; i < state.length; i++) {
      state[i] += 0.25f * (i % 3);
    }
    FeatureScaling scaling =
        new FeatureScaling(
            FeatureScaling.Mode.STANDARDIZE,
            new float[] {1, 2, 3, 4},
            new float[] {.5f, .25f, 2, 1});
    return new SavedModel(
        spec,
        params,
        state,
        scaling,
        FeatureScaling.none(1),
        Map.of("descent.version", "0.1.0", "train.seed", "2024"));
  }

  static float[] goldenInputs() {
    SplittableRandom rng = new SplittableRandom(99);
    float[] x = new float[8 * 4];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (rng.nextGaussian() * 3);
    }
    return x;
  }

  static float[] predict(SavedModel m, float[] raw, int rows) {
    float[] x = raw.clone();
    m.featureScaling().apply(x, 0, rows);
    Network net = new Network(m.spec());
    Workspace ws = net.workspace(rows);
    float[] out = new float[rows * m.spec().outputWidth()];
    net.predict(m.parameters(), m.layerState(), Minibatch.of(x, 0, rows), ws, out, 0);
    return out;
  }

  private static byte[] bytes(SavedModel m) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ModelFormat.write(m, out);
    return out.toByteArray();
  }

  private static SavedModel read(byte[] b) throws IOException {
    return ModelFormat.read(new ByteArrayInputStream(b), "model.bin");
  }

  @Test
  void roundTripKeepsEveryFieldAndEveryBit() throws IOException {
    SavedModel m = goldenModel();
    SavedModel back = read(bytes(m));
    assertEquals(m.spec(), back.spec());
    assertArrayEquals(m.parameters(), back.parameters());
    assertArrayEquals(m.layerState(), back.layerState());
    assertArrayEquals(m.featureScaling().shift(), back.featureScaling().shift());
    assertArrayEquals(m.featureScaling().factor(), back.featureScaling().factor());
    assertEquals(m.provenance(), back.provenance());
    assertArrayEquals(predict(m, goldenInputs(), 8), predict(back, goldenInputs(), 8));
  }

  @Test
  void goldenFileLoadsAndReproducesItsRecordedPredictions() throws IOException {
    SavedModel m;
    try (InputStream in = Files.newInputStream(GOLDEN)) {
      m = ModelFormat.read(in, GOLDEN.toString());
    }
    float[] recorded = parseFloats(Files.readString(GOLDEN_PREDICTIONS, StandardCharsets.UTF_8));
    assertArrayEquals(recorded, predict(m, goldenInputs(), 8), 1e-6f);
    assertArrayEquals(
        Files.readAllBytes(GOLDEN),
        bytes(goldenModel()),
        "the writer no longer produces the v1 golden bytes: a format change needs a new version");
  }

  @Test
  void everyTruncationIsRefused() throws IOException {
    byte[] b = bytes(goldenModel());
    for (int len = 0; len < b.length; len++) {
      byte[] cut = Arrays.copyOf(b, len);
      assertThrows(InvalidModelException.class, () -> read(cut), "length " + len);
    }
  }

  @Test
  void everySingleByteFlipIsRefused() throws IOException {
    byte[] b = bytes(goldenModel());
    for (int i = 0; i < b.length; i++) {
      for (int mask : new int[] {0x01, 0x80, 0xFF}) {
        byte[] bad = b.clone();
        bad[i] ^= (byte) mask;
        int at = i;
        assertThrows(InvalidModelException.class, () -> read(bad), "offset " + at);
      }
    }
  }

  @Test
  void foreignNewerAndTrailingBytesAreRefusedWithTheReason() throws IOException {
    assertTrue(
        assertThrows(
                InvalidModelException.class,
                () -> read("PK\u0003\u0004 a zip file".getBytes(StandardCharsets.ISO_8859_1)))
            .getMessage()
            .contains("not a Descent model file"));
    byte[] b = bytes(goldenModel());
    byte[] newer = b.clone();
    newer[11] = 3; // version 3
    assertTrue(
        assertThrows(InvalidModelException.class, () -> read(newer))
            .getMessage()
            .contains("newer"));
    byte[] longer = Arrays.copyOf(b, b.length + 1);
    assertThrows(InvalidModelException.class, () -> read(longer));
  }

  @Test
  void tiedModelRoundTripsAsVersion2AndPredictsTheSame() throws IOException {
    SavedModel m = goldenTiedModel();
    byte[] b = bytes(m);
    assertEquals(2, b[11], "a tied model is format version 2");
    SavedModel back = read(b);
    assertEquals(m.spec(), back.spec());
    assertEquals(m.spec().ties(), back.spec().ties());
    assertArrayEquals(m.parameters(), back.parameters());
    assertArrayEquals(predict(m, goldenInputs(), 8), predict(back, goldenInputs(), 8));
    assertEquals(1, bytes(goldenModel())[11], "an untied model is still written as version 1");
  }

  @Test
  void goldenTiedFileLoadsAndReproducesItsRecordedPredictions() throws IOException {
    SavedModel m;
    try (InputStream in = Files.newInputStream(GOLDEN_TIED)) {
      m = ModelFormat.read(in, GOLDEN_TIED.toString());
    }
    assertEquals(goldenTiedModel().spec(), m.spec());
    float[] recorded =
        parseFloats(Files.readString(GOLDEN_TIED_PREDICTIONS, StandardCharsets.UTF_8));
    assertArrayEquals(recorded, predict(m, goldenInputs(), 8), 1e-6f);
    assertArrayEquals(
        Files.readAllBytes(GOLDEN_TIED),
        bytes(goldenTiedModel()),
        "the writer no longer produces the v2 golden bytes: a format change needs a new version");
  }

  @Test
  void aVersion1ReaderRefusesATiedModelAsNewer() throws IOException {
    byte[] b = bytes(goldenTiedModel());
    String m =
        assertThrows(
                InvalidModelException.class,
                () ->
                    ChecksummedFrame.read(
                        new ByteArrayInputStream(b), ModelFormat.frame(1), "model.bin"))
            .getMessage();
    assertTrue(m.contains("model format version 2; this Descent reads version 1"), m);
    assertTrue(m.contains("newer Descent: upgrade"), m);
  }

  @Test
  void everyTruncationAndByteFlipOfATiedModelIsRefused() throws IOException {
    byte[] b = bytes(goldenTiedModel());
    for (int len = 0; len < b.length; len++) {
      byte[] cut = Arrays.copyOf(b, len);
      assertThrows(InvalidModelException.class, () -> read(cut), "length " + len);
    }
    for (int i = 0; i < b.length; i++) {
      byte[] bad = b.clone();
      bad[i] ^= (byte) 0x01;
      int at = i;
      assertThrows(InvalidModelException.class, () -> read(bad), "offset " + at);
    }
  }

  static float[] parseFloats(String text) {
    String[] parts = text.trim().split("\\s+");
    float[] f = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      f[i] = Float.parseFloat(parts[i]);
    }
    return f;
  }

  /** Writes the golden files (run once when a new format version is introduced). */
  public static void main(String[] args) throws IOException {
    SavedModel m = goldenModel();
    Files.write(GOLDEN, bytes(m));
    StringBuilder sb = new StringBuilder();
    for (float f : predict(m, goldenInputs(), 8)) {
      sb.append(Float.toString(f)).append('\n');
    }
    Files.writeString(GOLDEN_PREDICTIONS, sb.toString(), StandardCharsets.UTF_8);
    SavedModel tied = goldenTiedModel();
    Files.write(GOLDEN_TIED, bytes(tied));
    StringBuilder tp = new StringBuilder();
    for (float f : predict(tied, goldenInputs(), 8)) {
      tp.append(Float.toString(f)).append('\n');
    }
    Files.writeString(GOLDEN_TIED_PREDICTIONS, tp.toString(), StandardCharsets.UTF_8);
  }
}
