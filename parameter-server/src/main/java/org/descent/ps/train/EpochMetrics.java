package org.descent.ps.train;

/**
 * What one epoch achieved. Validation fields are NaN without validation data; accuracy is NaN for
 * regression and MSE/MAE/R² are NaN for classifiers.
 */
public record EpochMetrics(
    int epoch,
    long steps,
    double trainLoss,
    double validationLoss,
    double validationAccuracy,
    double validationMse,
    double validationMae,
    double validationR2,
    double seconds)
    implements java.io.Serializable {}
