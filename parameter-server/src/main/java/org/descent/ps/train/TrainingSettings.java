package org.descent.ps.train;

/**
 * How the local trainer walks the data.
 *
 * @param epochs maximum number of passes over the training rows
 * @param batchSize rows per minibatch (the last one of an epoch may be smaller)
 * @param seed seeds the per-epoch shuffle and the dropout masks
 * @param shuffle whether each epoch visits the rows in a fresh seeded order (else in file order)
 * @param patience stop after this many epochs without a lower validation loss; 0 = never
 */
public record TrainingSettings(
    int epochs, int batchSize, long seed, boolean shuffle, int patience) {
  public TrainingSettings {
    if (epochs <= 0) {
      throw new IllegalArgumentException("train.epochs must be positive, got " + epochs);
    }
    if (batchSize <= 0) {
      throw new IllegalArgumentException("train.batchSize must be positive, got " + batchSize);
    }
    if (patience < 0) {
      throw new IllegalArgumentException("train.patience must be ≥ 0, got " + patience);
    }
  }
}
