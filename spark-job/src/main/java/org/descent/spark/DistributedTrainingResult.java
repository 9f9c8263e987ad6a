package org.descent.spark;

import java.util.List;
import org.descent.ps.train.TrainingResult;

/**
 * The outcome of a distributed run: the same {@link TrainingResult} as the local trainer (best
 * weights and layer state, best epoch, early stop, per-epoch history, per-step losses) and one
 * {@link StepRecord} with timings per step.
 */
public record DistributedTrainingResult(TrainingResult training, List<StepRecord> steps) {}
