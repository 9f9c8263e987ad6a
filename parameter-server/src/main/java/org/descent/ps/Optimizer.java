package org.descent.ps;

import static org.descent.ps.Hyperparameter.ALPHA;
import static org.descent.ps.Hyperparameter.EPS;
import static org.descent.ps.Hyperparameter.WEIGHT_DECAY;

import java.util.List;
import java.util.Map;
import org.descent.nn.ParameterLayout;
import org.descent.ps.config.UpdateKeys;

/**
 * An optimiser: an immutable set of hyperparameters and a pure, in-place update rule over the flat
 * parameter array. The state (momentum, squared-gradient averages, …) is owned by the caller, as
 * {@link #stateBuffers()} arrays of the parameters' length that start at zero ({@link
 * OptimizerState}); the parameter server keeps and checkpoints it.
 *
 * <p>Conventions: {@code grads} is the gradient of the loss (already divided by the row count and
 * regularised); the update moves {@code params} against it. {@code step} is 1-based: the first
 * update is step 1 (Adam's bias correction {@code 1 − β^t} needs {@code t ≥ 1}). {@code lr} is the
 * learning rate of this step, given by the schedule, so optimisers hold no learning rate.
 *
 * <p>The optional coupled weight decay ({@code optimizer.weightDecay} for sgd, momentum, nesterov,
 * adagrad, rmsprop, adam) is PyTorch's: {@code g ← g + wd·p} over every entry, including biases,
 * the gradient of {@code (wd/2)·Σp²}. It is separate from {@link Regularization}, which acts on
 * weights only and has no ½. AdamW and LAMB decay decoupled, outside the gradient.
 */
public interface Optimizer {

  /** Every {@code optimizer.name}, in the order of the documentation. */
  List<String> NAMES = UpdateKeys.OPTIMIZER_NAME.choices();

  /** The {@code optimizer.name} of this rule, e.g. {@code adam}. */
  String name();

  /** Names of the state buffers, in the order {@link #update} expects them. */
  List<String> stateNames();

  /** How many state arrays {@link #update} needs. */
  default int stateBuffers() {
    return stateNames().size();
  }

  /**
   * The {@code optimizer.*} settings that reproduce this optimiser (its name and every
   * hyperparameter, defaults included), for provenance and snapshots.
   */
  Map<String, String> settings();

  /**
   * One update step, in place: writes {@code params} and {@code state}; reads {@code grads} only.
   *
   * @param params the parameters {@code p}, length d
   * @param grads the gradient {@code ∇f(p)}, length d
   * @param state {@link #stateBuffers()} arrays of length d, zero before step 1
   * @param step this step's number, 1 for the first update
   * @param lr this step's learning rate, ≥ 0
   */
  void update(float[] params, float[] grads, float[][] state, long step, float lr);

  /**
   * The optimiser named by {@code optimizer.name} (default {@code adam}) with its hyperparameters
   * read from {@code config}. {@code layout} groups the parameters by layer for LAMB's trust ratio;
   * with {@code null}, LAMB treats the whole vector as one layer.
   */
  static Optimizer fromConfig(FlatConfig config, ParameterLayout layout) {
    String name = UpdateKeys.OPTIMIZER_NAME.read(config);
    return switch (name) {
      case "sgd" -> new Sgd(WEIGHT_DECAY.read(config));
      case "momentum" -> MomentumFamily.fromConfig(config, Momentum::new);
      case "nesterov" -> MomentumFamily.fromConfig(config, Nesterov::new);
      case "adagrad" -> new AdaGrad(EPS.read(config), WEIGHT_DECAY.read(config));
      case "rmsprop" ->
          new RmsProp(ALPHA.read(config), EPS.read(config), WEIGHT_DECAY.read(config));
      case "adam" -> AdamFamily.fromConfig(config, Adam::new);
      case "adamw" -> AdamFamily.fromConfig(config, AdamW::new);
      case "lamb" ->
          AdamFamily.fromConfig(
              config, (beta1, beta2, eps, decay) -> new Lamb(beta1, beta2, eps, decay, layout));
      default -> throw new IllegalStateException("optimizer " + name + " has no factory");
    };
  }
}
