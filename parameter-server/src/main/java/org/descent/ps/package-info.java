/**
 * The driver-side owner of the weights. {@link org.descent.ps.ParameterServer} holds the flat
 * {@code float[]} of parameters (layout: {@link org.descent.nn.ParameterLayout}), the optimiser
 * state, the step counter and the learning-rate schedule, and turns one summed gradient into the
 * next weights:
 *
 * <pre>
 *   g = Σ grad / rows                      (the 1/N happens here, once, in the parameter server)
 *   g += ∂R/∂W                             ({@link org.descent.ps.Regularization}, weights only)
 *   g = clip(g)                            ({@link org.descent.ps.GradientClipping})
 *   w = optimiser.update(w, g, lr(t), t)   ({@link org.descent.ps.Optimizer}, t = 1, 2, …)
 *   w = constrain(w)                       ({@link org.descent.ps.WeightConstraints})
 * </pre>
 *
 * <p>Conventions, used everywhere in this package:
 *
 * <ul>
 *   <li><b>Sign.</b> Gradients are gradients of the loss to be minimised; every update moves
 *       against them ({@code p ← p − lr·…}).
 *   <li><b>Steps are 1-based.</b> The update that produces the weights after {@code t} steps is
 *       step {@code t}; Adam's bias correction uses {@code 1 − β^t} with {@code t ≥ 1}; a schedule
 *       gives the learning rate of step {@code t}. {@link org.descent.ps.ParameterServer#step()}
 *       counts the completed steps, so the next one is {@code step() + 1}.
 *   <li><b>Where 1/N happens.</b> Executors return gradient <em>sums</em>; only {@link
 *       org.descent.ps.ParameterServer#apply(float[], long)} divides by the row count. Optimisers,
 *       regularisers and clipping see the mean gradient.
 *   <li><b>Precision.</b> Parameters, gradients and optimiser state are float32; each element's
 *       update is evaluated in double from float inputs and rounded once when stored; norms and
 *       penalties are summed in double.
 * </ul>
 *
 * <p>Configuration comes from flat {@code key=value} pairs ({@link org.descent.ps.UpdateConfig});
 * the whole state can be saved and restored bit-for-bit ({@link
 * org.descent.ps.ParameterServerSnapshot}). No Spark here: the same code serves the distributed
 * trainer and the single-process reference trainer.
 */
package org.descent.ps;
