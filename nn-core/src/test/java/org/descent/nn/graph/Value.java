package org.descent.nn.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One scalar node of a computational graph, in double precision: its value, the gradient of the
 * output last passed to {@link #backward()} with respect to it, the nodes it was computed from, and
 * the name of the operation that computed it. Values are immutable apart from {@code grad}; every
 * operation returns a new node.
 */
public final class Value {
  /** The local derivatives d(node)/d(parent_k), one per parent, from the node's forward values. */
  @FunctionalInterface
  interface Rule {
    double[] local(Value node);
  }

  // One derivative rule per operation, in a table (tinygrad's pattern) rather than a closure
  // captured per node (micrograd's): an operation added without a rule is then a missing table
  // entry that backward() reports, not a silently zero gradient.
  private static final Map<String, Rule> RULES =
      Map.of(
          "add", v -> new double[] {1, 1},
          "sub", v -> new double[] {1, -1},
          "mul", v -> new double[] {v.parents[1].data, v.parents[0].data},
          "neg", v -> new double[] {-1},
          // Kink convention (the reference fixtures' and PyTorch's): d/dt max(t, 0) = 1 iff t > 0.
          "relu", v -> new double[] {v.parents[0].data > 0 ? 1 : 0},
          "exp", v -> new double[] {v.data},
          "log", v -> new double[] {1 / v.parents[0].data},
          // tanh and sigmoid differentiate from their own output, as the layers do.
          "tanh", v -> new double[] {1 - v.data * v.data},
          "sigmoid", v -> new double[] {v.data * (1 - v.data)},
          "pow", v -> new double[] {v.exponent * Math.pow(v.parents[0].data, v.exponent - 1)});

  private final double data;
  private final String op;
  private final Value[] parents;
  private final double exponent; // only for "pow": the exponent is a constant, not a node
  private double grad;

  private Value(double data, String op, double exponent, Value... parents) {
    this.data = data;
    this.op = op;
    this.exponent = exponent;
    this.parents = parents;
  }

  /** A leaf: an input, a parameter or a constant. */
  public static Value of(double data) {
    return new Value(data, "leaf", Double.NaN);
  }

  /**
   * A node made by an operation named {@code op}; {@link #backward()} needs a rule for that name.
   * Package-private: the public operations below are the supported set.
   */
  static Value node(String op, double data, Value... parents) {
    return new Value(data, op, Double.NaN, parents.clone());
  }

  public double data() {
    return data;
  }

  public double grad() {
    return grad;
  }

  public String op() {
    return op;
  }

  public Value add(Value o) {
    return node("add", data + o.data, this, o);
  }

  public Value add(double c) {
    return add(of(c));
  }

  public Value sub(Value o) {
    return node("sub", data - o.data, this, o);
  }

  public Value mul(Value o) {
    return node("mul", data * o.data, this, o);
  }

  public Value mul(double c) {
    return mul(of(c));
  }

  public Value neg() {
    return node("neg", -data, this);
  }

  /** max(x, 0); its derivative at the kink x = 0 is taken as 0. */
  public Value relu() {
    return node("relu", data > 0 ? data : 0.0, this);
  }

  public Value exp() {
    return node("exp", Math.exp(data), this);
  }

  public Value log() {
    return node("log", Math.log(data), this);
  }

  public Value tanh() {
    return node("tanh", Math.tanh(data), this);
  }

  public Value sigmoid() {
    return node("sigmoid", 1 / (1 + Math.exp(-data)), this);
  }

  /** x^k for a constant k. */
  public Value pow(double k) {
    return new Value(Math.pow(data, k), "pow", k, this);
  }

  /**
   * Sets every node's {@code grad} to d(this)/d(node) over the graph this node was computed from.
   * Grads are zeroed first, so a second call gives the same numbers instead of doubling them;
   * within the pass they accumulate with {@code +=}, so a node used twice (x·x) gets both
   * contributions.
   *
   * @throws IllegalStateException if an operation in the graph has no derivative rule (checked
   *     before any grad is touched)
   */
  public void backward() {
    List<Value> order = topologicalOrder();
    for (Value v : order) {
      v.grad = 0;
    }
    grad = 1;
    // Reverse topological order: a node's grad is complete before it is pushed to its parents.
    for (int i = order.size() - 1; i >= 0; i--) {
      Value v = order.get(i);
      if (v.parents.length > 0) {
        double[] local = RULES.get(v.op).local(v);
        for (int k = 0; k < v.parents.length; k++) {
          v.parents[k].grad += local[k] * v.grad;
        }
      }
    }
  }

  /**
   * Parents before children, this node last. Iterative, so long chains cannot overflow the stack.
   */
  private List<Value> topologicalOrder() {
    List<Value> order = new ArrayList<>();
    Set<Value> expanded = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<Value> emitted = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Value> stack = new ArrayDeque<>();
    stack.push(this);
    while (!stack.isEmpty()) {
      Value v = stack.peek();
      if (expanded.add(v)) {
        if (v.parents.length > 0 && !RULES.containsKey(v.op)) {
          throw new IllegalStateException(
              "no derivative rule for operation '" + v.op + "' (add one to Value.RULES)");
        }
        for (Value p : v.parents) {
          if (!expanded.contains(p)) {
            stack.push(p);
          }
        }
      } else {
        // Second visit: every parent pushed above v has been emitted (a graph has no cycles).
        stack.pop();
        if (emitted.add(v)) {
          order.add(v);
        }
      }
    }
    return order;
  }

  @Override
  public String toString() {
    return "Value(" + op + ", data=" + data + ", grad=" + grad + ")";
  }
}
