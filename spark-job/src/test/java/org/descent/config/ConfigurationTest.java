package org.descent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.descent.nn.NetworkSpec;
import org.descent.ps.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defaults < --conf < --set; unknown keys and bad values are errors that say where and why. */
class ConfigurationTest {
  @TempDir Path dir;

  @Test
  void laterSourcesOverrideEarlierOnesAndRememberWhereTheyCameFrom() throws IOException {
    Path f = dir.resolve("job.properties");
    Files.writeString(f, "optimizer.lr=0.1\ntrain.epochs=3\n", StandardCharsets.UTF_8);
    Configuration c = Configuration.defaults().withFile(f).withSetting("optimizer.lr=0.5");
    assertEquals("0.5", c.get("optimizer.lr"));
    assertEquals("--set", c.sourceOf("optimizer.lr"));
    assertEquals("3", c.get("train.epochs"));
    assertEquals(f.toString(), c.sourceOf("train.epochs"));
    assertEquals("adam", c.get("optimizer.name"));
    assertEquals("defaults", c.sourceOf("optimizer.name"));
  }

  @Test
  void unknownKeyInAFileNamesTheFileAndListsTheKeysOfItsNamespace() throws IOException {
    Path f = dir.resolve("typo.properties");
    Files.writeString(f, "optimizer.learningRate=0.1\ntrain.epoch=3\n", StandardCharsets.UTF_8);
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> Configuration.defaults().withFile(f));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("optimizer.lr,"), e.getMessage());
  }

  @Test
  void unknownKeyOnTheCommandLineSuggestsTheNearestKey() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> Configuration.defaults().withSetting("train.batchsize=64"));
    assertTrue(e.getMessage().contains("did you mean 'train.batchSize'"), e.getMessage());
  }

  @Test
  void setWithoutEqualsSignIsRefused() {
    assertThrows(
        InvalidConfigException.class, () -> Configuration.defaults().withSetting("optimizer.lr"));
  }

  @Test
  void missingConfigurationFileIsNamed() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> Configuration.defaults().withFile(dir.resolve("nope.properties")));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void modelKeysBuildTheNetworkSpec() {
    Configuration c =
        Configuration.defaults()
            .withSetting("model.layers=4,16,8,3")
            .withSetting("model.activation=gelu")
            .withSetting("model.batchNorm=true")
            .withSetting("model.dropout=0.2");
    NetworkSpec spec = ModelConfig.networkSpec(c);
    assertEquals(4, spec.inputWidth());
    assertEquals(2, spec.hidden().size());
    assertTrue(spec.hidden().get(1).batchNorm());
    assertEquals(0.2f, spec.hidden().get(0).dropout());
  }

  @Test
  void badModelValuesNameTheKey() {
    assertTrue(
        assertThrows(
                InvalidConfigException.class,
                () ->
                    ModelConfig.networkSpec(
                        Configuration.defaults().withSetting("model.layers=4,x,3")))
            .getMessage()
            .contains("'x' is not a whole number"));
    assertTrue(
        assertThrows(
                InvalidConfigException.class,
                () -> ModelConfig.networkSpec(Configuration.defaults()))
            .getMessage()
            .contains("model.layers is required"));
    assertTrue(
        assertThrows(
                InvalidConfigException.class,
                () ->
                    ModelConfig.networkSpec(
                        Configuration.defaults()
                            .withSetting("model.layers=4,3")
                            .withSetting("model.dropout=1.5")))
            .getMessage()
            .contains("model.dropout"));
  }

  private static final String REGENERATE =
      " is stale: regenerate it with mvn -o -pl spark-job -am test -Dtest=ConfigurationTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Ddescent.regenerate=true";

  /** Compares {@code file} with its rendering, or first rewrites it with -Ddescent.regenerate. */
  private static void assertGenerated(String rendered, String file) throws IOException {
    Path path = Path.of("..", file);
    if (Boolean.getBoolean("descent.regenerate")) {
      Files.writeString(path, rendered, StandardCharsets.UTF_8);
    }
    assertEquals(rendered, Files.readString(path, StandardCharsets.UTF_8), file + REGENERATE);
  }

  @Test
  void configurationPageIsGeneratedFromTheRegistry() throws IOException {
    assertGenerated(ConfigurationReference.render(), "docs/configuration.md");
  }

  @Test
  void defaultsFileIsGeneratedFromTheRegistry() throws IOException {
    assertGenerated(ConfigurationReference.renderDefaults(), "conf/descent-defaults.properties");
  }

  @Test
  void defaultsFileParsesToTheRegistrysDefaults() throws IOException {
    java.util.Properties p = new java.util.Properties();
    try (java.io.Reader in =
        Files.newBufferedReader(
            Path.of("..", "conf", "descent-defaults.properties"), StandardCharsets.UTF_8)) {
      p.load(in);
    }
    java.util.Map<String, String> parsed = new java.util.TreeMap<>();
    p.stringPropertyNames().forEach(k -> parsed.put(k, p.getProperty(k).trim()));
    assertEquals(Configuration.defaults().asMap(), parsed);
  }

  @Test
  void defaultsAreFreshCopiesAndCopiesAreIndependent() {
    Configuration a = Configuration.defaults().with("optimizer.lr", "0.5");
    assertEquals("0.001", Configuration.defaults().get("optimizer.lr"));
    Configuration b = a.copy().with("optimizer.lr", "0.25");
    assertEquals("0.5", a.get("optimizer.lr"));
    assertEquals("0.25", b.get("optimizer.lr"));
    assertEquals("API", b.sourceOf("optimizer.lr"));
    assertEquals("defaults", b.sourceOf("train.epochs"));
  }
}
