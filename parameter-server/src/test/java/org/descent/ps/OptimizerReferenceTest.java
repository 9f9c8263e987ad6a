package org.descent.ps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.stream.Stream;
import org.descent.nn.reference.ReferenceDirectory;
import org.descent.nn.reference.ReferenceFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code optimizer_trajectory} fixture (PyTorch 1.13, float64; FORMAT.md §6), every run: the
 * optimiser is configured through {@link UpdateConfig} from the run's hyperparameters, the given
 * gradients are replayed in float32, and the parameters and every state buffer are compared with
 * the fixture after every step ({@link ArrayComparison}: |got − ref| ≤ 1e-5·max|ref| + 1e-12 per
 * step and array).
 */
class OptimizerReferenceTest {
  private static final DoubleAccumulator WORST = new DoubleAccumulator(Math::max, 0);

  private static void record(double relativeToMax) {
    WORST.accumulate(relativeToMax);
  }

  private static final Set<String> KIND = Set.of("optimizer_trajectory");
  private static final AtomicInteger FILES = new AtomicInteger();
  private static final AtomicInteger RUNS = new AtomicInteger();
  private static final AtomicInteger STEPS = new AtomicInteger();

  @TestFactory
  Stream<DynamicNode> everyRunOfEveryTrajectoryFileIsReproduced() {
    List<ReferenceFile> files = ReferenceDirectory.ofKinds(KIND);
    assertTrue(
        !files.isEmpty(), "no optimizer_trajectory fixtures in " + ReferenceDirectory.location());
    return files.stream()
        .map(
            file -> {
              List<DynamicTest> runs = new ArrayList<>();
              for (JsonNode run : file.root().get("runs")) {
                runs.add(
                    DynamicTest.dynamicTest(
                        run.get("name").asText(), () -> replay(file.name(), run)));
              }
              FILES.incrementAndGet();
              return DynamicContainer.dynamicContainer(file.name(), runs);
            });
  }

  @AfterAll
  static void report() {
    System.out.printf(
        "OptimizerReferenceTest: %d optimizer_trajectory files, %d runs, %d steps checked;"
            + " worst |got − ref| / max|ref| = %.3g (bound %.0e)%n",
        FILES.get(), RUNS.get(), STEPS.get(), WORST.get(), ArrayComparison.REL_OF_MAX);
    assertTrue(RUNS.get() > 0, "no optimizer trajectory run was checked");
  }

  private static void replay(String file, JsonNode run) {
    String where = file + " / " + run.get("name").asText();
    String torchName = run.get("optimizer").asText();
    JsonNode hp = run.get("hyperparameters");
    Map<String, String> settings = settings(where, torchName, hp);
    UpdateConfig config = UpdateConfig.fromMap(settings);
    Optimizer optimizer = config.optimizer(null);
    double lr = hp.get("lr").asDouble();

    int d = run.get("num_params").asInt();
    int steps = run.get("steps").asInt();
    float[] params = ReferenceFile.flatFloat(run.get("p0"));
    float[] grads = ReferenceFile.flatFloat(run.get("gradients"));
    double[] expectedParams = ReferenceFile.flat(run.get("params_after_step"));
    OptimizerState state = OptimizerState.zeros(optimizer, d);
    JsonNode torchState = run.get("state_after_step");
    assertEquals(
        ourStateNames(torchState, optimizer),
        new TreeSet<>(optimizer.stateNames()),
        where + ": state buffers");

    for (int k = 0; k < steps; k++) {
      long t = k + 1;
      float[] g = Arrays.copyOfRange(grads, k * d, (k + 1) * d);
      optimizer.update(params, g, state.buffers(), t, (float) config.schedule().lr(t));
      record(
          ArrayComparison.assertClose(
              where + " params after step " + t,
              Arrays.copyOfRange(expectedParams, k * d, (k + 1) * d),
              params));
      for (Iterator<String> it = torchState.fieldNames(); it.hasNext(); ) {
        String torch = it.next();
        double[] ref =
            Arrays.copyOfRange(ReferenceFile.flat(torchState.get(torch)), k * d, (k + 1) * d);
        String ours = torch;
        if (optimizer instanceof Momentum) {
          // Course form: v = −lr·buf (FORMAT.md §6, exact while lr is constant).
          ours = "velocity";
          for (int i = 0; i < d; i++) {
            ref[i] = -lr * ref[i];
          }
        }
        record(
            ArrayComparison.assertClose(
                where + " " + ours + " after step " + t, ref, state.buffer(ours)));
      }
      STEPS.incrementAndGet();
    }
    RUNS.incrementAndGet();
  }

  /** The fixture's state names in our naming: the course-form momentum calls its buffer v. */
  private static Set<String> ourStateNames(JsonNode torchState, Optimizer optimizer) {
    Set<String> names = new TreeSet<>();
    torchState
        .fieldNames()
        .forEachRemaining(n -> names.add(optimizer instanceof Momentum ? "velocity" : n));
    return names;
  }

  /** The flat configuration equivalent to a PyTorch optimiser and its hyperparameters. */
  private static Map<String, String> settings(String where, String torchName, JsonNode hp) {
    Map<String, String> s = new HashMap<>();
    Set<String> expectedFields;
    switch (torchName) {
      case "sgd" -> {
        expectedFields = Set.of("lr", "momentum", "dampening", "nesterov", "weight_decay");
        requireZero(where, hp, "dampening");
        double momentum = hp.get("momentum").asDouble();
        boolean nesterov = hp.get("nesterov").asBoolean();
        s.put("optimizer.name", nesterov ? "nesterov" : momentum > 0 ? "momentum" : "sgd");
        if (momentum > 0) {
          s.put("optimizer.momentum", number(hp, "momentum"));
        }
      }
      case "adagrad" -> {
        expectedFields =
            Set.of("lr", "lr_decay", "eps", "weight_decay", "initial_accumulator_value");
        requireZero(where, hp, "lr_decay");
        requireZero(where, hp, "initial_accumulator_value");
        s.put("optimizer.name", "adagrad");
        s.put("optimizer.eps", number(hp, "eps"));
      }
      case "rmsprop" -> {
        expectedFields = Set.of("lr", "alpha", "eps", "momentum", "centered", "weight_decay");
        requireZero(where, hp, "momentum");
        requireFalse(where, hp, "centered");
        s.put("optimizer.name", "rmsprop");
        s.put("optimizer.alpha", number(hp, "alpha"));
        s.put("optimizer.eps", number(hp, "eps"));
      }
      case "adam", "adamw" -> {
        expectedFields = Set.of("lr", "beta1", "beta2", "eps", "weight_decay", "amsgrad");
        requireFalse(where, hp, "amsgrad");
        s.put("optimizer.name", torchName);
        s.put("optimizer.beta1", number(hp, "beta1"));
        s.put("optimizer.beta2", number(hp, "beta2"));
        s.put("optimizer.eps", number(hp, "eps"));
      }
      default -> {
        fail(where + ": unknown optimizer '" + torchName + "' in the fixture");
        return s;
      }
    }
    Set<String> fields = new TreeSet<>();
    hp.fieldNames().forEachRemaining(fields::add);
    assertEquals(
        new TreeSet<>(expectedFields), fields, where + ": hyperparameters of " + torchName);
    s.put("optimizer.lr", number(hp, "lr"));
    s.put("optimizer.weightDecay", number(hp, "weight_decay"));
    return s;
  }

  private static String number(JsonNode hp, String field) {
    return Double.toString(hp.get(field).asDouble());
  }

  private static void requireZero(String where, JsonNode hp, String field) {
    if (hp.get(field).asDouble() != 0) {
      fail(where + ": " + field + "=" + hp.get(field) + " is not supported (only 0)");
    }
  }

  private static void requireFalse(String where, JsonNode hp, String field) {
    if (hp.get(field).asBoolean()) {
      fail(where + ": " + field + "=true is not supported");
    }
  }
}
