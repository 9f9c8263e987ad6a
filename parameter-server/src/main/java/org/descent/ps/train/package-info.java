/**
 * Training: {@link org.descent.ps.train.TrainingLoop}, the training policy every trainer runs
 * (epochs, the update, metrics, early stopping, checkpoints), over a {@link
 * org.descent.ps.train.StepPath} that computes each step's gradient sum; and the single-process
 * trainer, whose steps nn-core computes and a {@link org.descent.ps.ParameterServer} applies,
 * exactly as the Spark job does with one partition. It is the reference the distributed trainer is
 * checked against and the quick way to train small data on one machine.
 */
package org.descent.ps.train;
