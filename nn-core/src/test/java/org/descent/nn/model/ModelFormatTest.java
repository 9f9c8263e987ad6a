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
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.nn.ParameterLayout;
import org.descent.nn.Workspace;
import org.junit.jupiter.api.Test;

/** The model file: exact round trip, a golden file that must keep loading, damage refused. */
class ModelFormatTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden/model-v1.bin");
  static final Path GOLDEN_PREDICTIONS =
      Path.of("src/test/resources/golden/model-v1-predictions.txt");

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
    net.predict(m.parameters(), m.layerState(), x, 0, rows, ws, out, 0);
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
    newer[11] = 2; // version 2
    assertTrue(
        assertThrows(InvalidModelException.class, () -> read(newer))
            .getMessage()
            .contains("newer"));
    byte[] longer = Arrays.copyOf(b, b.length + 1);
    assertThrows(InvalidModelException.class, () -> read(longer));
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
  }
}
