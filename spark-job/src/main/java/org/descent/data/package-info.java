/**
 * Training data on Spark: readers for csv, libsvm, parquet and idx (MNIST) from any Hadoop file
 * system, validation of every record against the network (feature count, finite values, label
 * range), a deterministic seeded train/validation/test split, packing of each partition into one
 * float32 {@link org.descent.ps.train.DataBlock} persisted MEMORY_AND_DISK, and feature scaling
 * fitted distributedly. The entry point is {@link org.descent.data.TrainingData#load}.
 *
 * <p>Every reader produces the same intermediate, an RDD of {@link org.descent.data.Example} (one
 * record with its file and position); rows exist only until packing. Data errors are {@link
 * org.descent.data.DataException}s with a one-line message (file, line or row, what is wrong, what
 * to do); a record that fails validation is a {@link org.descent.data.BadRecordException}, or is
 * skipped and counted when {@code data.onBadRecord=skip}. None of them is thrown inside a Spark
 * task: readers end a partition with an unreadable-input record ({@link
 * org.descent.data.GuardedExamples}), packing counts refused records and keeps the first ones in a
 * {@link org.descent.data.PackVerdict}, and the driver raises the one exception, so Spark neither
 * logs a failed task nor retries it.
 */
package org.descent.data;
