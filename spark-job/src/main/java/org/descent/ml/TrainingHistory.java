package org.descent.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.descent.ps.train.EpochMetrics;

/**
 * A model's per-epoch metrics as JSON (one object per epoch, the {@link EpochMetrics} field names;
 * NaN, for metrics that do not apply, is written as the string "NaN").
 */
final class TrainingHistory {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TrainingHistory() {}

  static void write(List<EpochMetrics> history, OutputStream out) throws IOException {
    ArrayNode epochs = JSON.createArrayNode();
    for (EpochMetrics m : history) {
      epochs.add(JSON.valueToTree(m.asMap()));
    }
    JSON.writerWithDefaultPrettyPrinter().writeValue(out, epochs);
  }

  static List<EpochMetrics> read(InputStream in, String name) throws IOException {
    JsonNode root = JSON.readTree(in);
    if (root == null || !root.isArray()) {
      throw new IOException(name + " is not a JSON array of epochs");
    }
    List<EpochMetrics> history = new ArrayList<>();
    for (JsonNode e : root) {
      history.add(
          new EpochMetrics(
              e.path("epoch").asInt(),
              e.path("steps").asLong(),
              number(e, "trainLoss"),
              number(e, "validationLoss"),
              number(e, "validationAccuracy"),
              number(e, "validationF1"),
              number(e, "validationMse"),
              number(e, "validationMae"),
              number(e, "validationR2"),
              number(e, "seconds")));
    }
    return history;
  }

  private static double number(JsonNode e, String field) {
    JsonNode n = e.path(field);
    return n.isNumber()
        ? n.asDouble()
        : n.isTextual() ? Double.parseDouble(n.asText()) : Double.NaN;
  }
}
