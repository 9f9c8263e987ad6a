package org.descent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.descent.nn.NetworkSpec;
import org.descent.nn.ParameterLayout;
import org.descent.nn.Tie;
import org.descent.ps.InvalidConfigException;
import org.junit.jupiter.api.Test;

/** {@code model.ties}: the key builds tied networks, and bad declarations fail at configuration. */
class ModelTiesConfigTest {
  private static Configuration conf(String layers, String ties) {
    return Configuration.defaults()
        .withSetting("model.layers=" + layers)
        .withSetting("model.head=mse")
        .withSetting("model.ties=" + ties);
  }

  private static InvalidConfigException refusal(String layers, String ties) {
    return assertThrows(
        InvalidConfigException.class, () -> ModelConfig.networkSpec(conf(layers, ties)));
  }

  @Test
  void tiedAutoencoderFromTheKey() {
    NetworkSpec spec = ModelConfig.networkSpec(conf("784,64,784", "2:1:transpose"));
    assertEquals(List.of(new Tie(1, 0, Tie.Mode.TRANSPOSE)), spec.ties());
    assertEquals(784 * 64 + 64 + 784, ParameterLayout.of(spec).size());
  }

  @Test
  void noTiesByDefault() {
    NetworkSpec spec =
        ModelConfig.networkSpec(Configuration.defaults().withSetting("model.layers=4,3"));
    assertTrue(spec.ties().isEmpty());
  }

  @Test
  void shapeMismatchNamesTheKeyTheLayersAndTheShapes() {
    InvalidConfigException e = refusal("784,64,784", "2:1:same");
    assertEquals("model.ties", e.key());
    String m = e.getMessage();
    assertTrue(m.contains("model.ties=2:1:same with model.layers=784,64,784"), m);
    assertTrue(m.contains("dense layer 2 (64 → 784) needs a 64×784 matrix"), m);
    assertTrue(m.contains("dense layer 1's matrix is 784×64"), m);
    assertTrue(m.contains("mode transpose would fit"), m);
  }

  @Test
  void missingSelfChainedAndMalformedTiesNameTheKey() {
    assertTrue(refusal("8,3,8", "3:1:transpose").getMessage().contains("no dense layer 3"));
    assertTrue(refusal("8,3,8", "1:1:same").getMessage().contains("cannot use itself"));
    assertTrue(
        refusal("4,4,4,4", "2:1:same,3:2:same").getMessage().contains("chains are not supported"));
    InvalidConfigException syntax = refusal("8,3,8", "2-1-transpose");
    assertEquals("model.ties", syntax.key());
    assertTrue(syntax.getMessage().contains("LAYER:OWNER:MODE"), syntax.getMessage());
    assertTrue(refusal("8,3,8", "2:0:transpose").getMessage().contains("numbered from 1"));
  }
}
