package org.descent.nn.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.descent.nn.GradientCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GraphEngineTest {

  @Test
  void nodeUsedTwiceGetsBothContributions() {
    Value x = Value.of(3.0);
    x.mul(x).backward();
    assertEquals(6.0, x.grad(), 0.0); // d(x·x)/dx = 2x, not x

    Value y = Value.of(-1.5);
    y.add(y).add(y).backward();
    assertEquals(3.0, y.grad(), 0.0);
  }

  @Test
  void backwardTwiceGivesTheSameGradients() {
    Value x = Value.of(0.7);
    Value f = x.mul(x).tanh();
    f.backward();
    double first = x.grad();
    f.backward();
    assertEquals(first, x.grad(), 0.0);
  }

  @Test
  void reluKinkTakesZeroDerivative() {
    Value x = Value.of(0.0);
    x.relu().backward();
    assertEquals(0.0, x.grad(), 0.0);
  }

  @Test
  void operationWithoutDerivativeRuleFailsLoudly() {
    Value x = Value.of(1.5);
    Value floor = Value.node("floor", Math.floor(x.data()), x);
    Value f = floor.mul(2.0);
    IllegalStateException e = assertThrows(IllegalStateException.class, f::backward);
    assertTrue(e.getMessage().contains("'floor'"), e.getMessage());
  }

  static Stream<Arguments> operations() {
    return Stream.of(
        op("add", v -> v[0].add(v[1]), 0.3, -1.2),
        op("add constant", v -> v[0].add(2.5), 0.3),
        op("sub", v -> v[0].sub(v[1]), 0.3, -1.2),
        op("mul", v -> v[0].mul(v[1]), 0.3, -1.2),
        op("mul constant", v -> v[0].mul(-4.0), 0.3),
        op("neg", v -> v[0].neg(), 0.8),
        op("relu positive", v -> v[0].relu(), 0.8),
        op("relu negative", v -> v[0].relu(), -0.8),
        op("exp", v -> v[0].exp(), 0.9),
        op("log", v -> v[0].log(), 1.7),
        op("tanh", v -> v[0].tanh(), -0.6),
        op("sigmoid", v -> v[0].sigmoid(), 0.4),
        op("pow 3", v -> v[0].pow(3), -1.3),
        op("pow -0.5", v -> v[0].pow(-0.5), 2.2),
        op("pow 2.5", v -> v[0].pow(2.5), 1.1),
        op("composite", v -> v[0].mul(v[1]).add(v[0].exp()).sigmoid().log(), 0.5, -0.9));
  }

  private static Arguments op(String name, Function<Value[], Value> expr, double... x) {
    return Arguments.of(name, expr, x);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operations")
  void operationMatchesCentralDifferences(String name, Function<Value[], Value> expr, double[] x) {
    assertMatchesNumerical(name, expr, x);
  }

  @Test
  void twoLayerTanhNeuronMatchesCentralDifferences() {
    // loss = (tanh(w2·tanh(W1·in + b1) + b2) − target)², parameters W1 [3x2], b1 [3], w2 [3], b2.
    double[] in = {0.5, -1.25};
    double target = 0.3;
    Function<Value[], Value> loss =
        p -> {
          Value out = p[12];
          for (int j = 0; j < 3; j++) {
            Value h =
                p[2 * j].mul(Value.of(in[0])).add(p[2 * j + 1].mul(Value.of(in[1]))).add(p[6 + j]);
            out = out.add(p[9 + j].mul(h.tanh()));
          }
          return out.tanh().sub(Value.of(target)).pow(2);
        };
    Random rng = new Random(42);
    double[] params = new double[13];
    for (int i = 0; i < params.length; i++) {
      params[i] = rng.nextGaussian() * 0.8;
    }
    assertMatchesNumerical("2-layer tanh neuron", loss, params);
  }

  private static void assertMatchesNumerical(
      String name, Function<Value[], Value> expr, double[] x) {
    Value[] leaves = leaves(x);
    expr.apply(leaves).backward();
    double[] analytic = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      analytic[i] = leaves[i].grad();
    }
    GradientCheck.Result r =
        GradientCheck.check(
            p -> expr.apply(leaves(p)).data(), x.clone(), analytic, GradientCheck.DOUBLE_STEP);
    assertTrue(r.passes(GradientCheck.DOUBLE_TOLERANCE), name + ": " + r);
  }

  private static Value[] leaves(double[] x) {
    Value[] v = new Value[x.length];
    for (int i = 0; i < x.length; i++) {
      v[i] = Value.of(x[i]);
    }
    return v;
  }
}
