package org.descent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code descent predict}: --output-format csv|parquet|json, and --keep / --keep-all passing input
 * columns (an id, a quoted name with a comma) through to each prediction row.
 */
class PredictCommandTest {
  @TempDir static Path dir;
  private static Path csv;
  private static Path model;

  private static final String FEATURES = "sepal_length,sepal_width,petal_length,petal_width";

  /** iris with an id column and a quoted name holding a comma; a model trained on it. */
  @BeforeAll
  static void trainOnIrisWithIds() throws IOException {
    List<String> iris = Files.readAllLines(Path.of("../data/iris.csv"));
    List<String> lines = new ArrayList<>();
    lines.add("id,name," + iris.get(0));
    int id = 1000;
    for (String line : iris.subList(1, iris.size())) {
      if (!line.isBlank()) {
        lines.add(id + ",\"flower, no. " + id + "\"," + line);
        id++;
      }
    }
    csv = dir.resolve("iris-ids.csv");
    Files.write(csv, lines, StandardCharsets.UTF_8);
    Path run = dir.resolve("run");
    CliRun train =
        CliRun.of(
            settings(
                "train",
                "--out",
                run.toString(),
                "--set",
                "train.epochs=3",
                "--set",
                "data.classNames=setosa,versicolor,virginica"));
    assertEquals(0, train.exit(), train.err());
    model = run.resolve("model");
  }

  private static List<String> settings(String command, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                command,
                "--master",
                "local[2]",
                "--set",
                "data.train=" + csv,
                "--set",
                "data.featureColumns=" + FEATURES,
                "--set",
                "model.layers=4,8,3",
                "--set",
                "train.batchSize=16",
                "--set",
                "data.testFraction=0",
                "--set",
                "data.validationFraction=0"));
    args.addAll(List.of(more));
    return args;
  }

  private static CliRun predict(String... more) {
    List<String> args = settings("predict", "--model", model.toString(), "--data", csv.toString());
    args.addAll(List.of(more));
    return CliRun.of(args);
  }

  private static List<Row> readWithSpark(String format, Path output) {
    SparkSession spark =
        SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false").getOrCreate();
    try {
      return spark
          .read()
          .format(format)
          .option("header", "true")
          .load(output.toString())
          .collectAsList();
    } finally {
      spark.stop();
    }
  }

  @Test
  void parquetOutputKeepsTheIdWithItsTypeBeforeThePredictions() {
    Path output = dir.resolve("parquet-out");
    CliRun r = predict("--output", output.toString(), "--output-format", "parquet", "--keep", "id");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("wrote 150 predictions to " + output + " (parquet)"), r.out());
    List<Row> rows = readWithSpark("parquet", output);
    assertEquals(150, rows.size());
    assertArrayEquals(
        new String[] {
          "id",
          "prediction",
          "probability_setosa",
          "probability_versicolor",
          "probability_virginica"
        },
        rows.get(0).schema().fieldNames());
    Set<String> ids = new TreeSet<>();
    for (Row row : rows) {
      ids.add(row.get(0).toString());
      double sum = row.getFloat(2) + row.getFloat(3) + row.getFloat(4);
      assertEquals(1.0, sum, 1e-4, "probabilities of " + row);
    }
    assertEquals(150, ids.size(), "every input id once");
    assertTrue(ids.contains("1000") && ids.contains("1149"), ids.toString());
  }

  @Test
  void jsonOutputWithKeepAllCarriesAQuotedNameWithItsComma() throws IOException {
    Path output = dir.resolve("json-out");
    CliRun r = predict("--output", output.toString(), "--output-format", "json", "--keep-all");
    assertEquals(0, r.exit(), r.err());
    List<String> json = new ArrayList<>();
    try (Stream<Path> parts = Files.list(output)) {
      for (Path p : parts.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
        json.addAll(Files.readAllLines(p));
      }
    }
    assertEquals(150, json.size());
    assertTrue(
        json.stream().anyMatch(l -> l.startsWith("{\"id\":\"1000\",\"name\":\"flower, no. 1000\"")),
        json.get(0));
    assertTrue(
        json.get(0).contains("\"label\":"), "--keep-all keeps the label too: " + json.get(0));
    assertTrue(json.get(0).contains("\"probability_virginica\":"), json.get(0));
  }

  private static String csvHeader(Path output) throws IOException {
    try (Stream<Path> parts = Files.list(output)) {
      Path part =
          parts.filter(p -> p.getFileName().toString().endsWith(".csv")).findFirst().orElseThrow();
      return Files.readAllLines(part).get(0);
    }
  }

  @Test
  void csvStaysTheDefaultWithThePredictionColumnsNamedByTheModelsClassNames() throws IOException {
    Path output = dir.resolve("csv-out");
    CliRun r = predict("--output", output.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        "prediction,probability_setosa,probability_versicolor,probability_virginica",
        csvHeader(output));
  }

  @Test
  void classNamesGivenToPredictNameTheColumnsInstead() throws IOException {
    Path output = dir.resolve("named-out");
    CliRun r = predict("--output", output.toString(), "--set", "data.classNames=a,b,c");
    assertEquals(0, r.exit(), r.err());
    assertEquals("prediction,probability_a,probability_b,probability_c", csvHeader(output));
  }

  @Test
  void classNamesThatDoNotFitTheClassesAreRefusedBeforeTraining() {
    CliRun r = CliRun.of(settings("train", "--set", "data.classNames=setosa,versicolor"));
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(
        r.err().contains("data.classNames lists 2 names, but the network has 3 classes"), r.err());
  }

  @Test
  void anUnknownOutputFormatIsAUsageErrorBeforeAnyWork() {
    CliRun r = predict("--output", dir.resolve("x").toString(), "--output-format", "parqet");
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(
        r.err().contains("unknown --output-format 'parqet' (did you mean 'parquet'"), r.err());
    assertTrue(r.err().contains("usage: descent predict"), r.err());
  }

  @Test
  void aKeptColumnTheInputLacksNamesTheFileAndTheColumns() {
    CliRun r = predict("--output", dir.resolve("y").toString(), "--keep", "ident");
    assertEquals(Main.EXIT_BAD_DATA, r.exit());
    assertTrue(r.err().contains("no --keep column 'ident'"), r.err());
    assertTrue(r.err().contains("the header has: id, name, sepal_length"), r.err());
  }

  @Test
  void keepAndKeepAllTogetherAreAUsageError() {
    CliRun r = predict("--output", dir.resolve("z").toString(), "--keep", "id", "--keep-all");
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("give --keep COL,... or --keep-all, not both"), r.err());
  }

  @Test
  void evaluateWithoutDataReadsTheConfiguredDataAndSaysSo() {
    List<String> args = settings("evaluate", "--model", model.toString());
    CliRun r = CliRun.of(args);
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("no --data given; reading " + csv + " (data.train)"), r.out());
    assertTrue(r.out().contains("evaluate " + csv + ": "), r.out());
  }
}
