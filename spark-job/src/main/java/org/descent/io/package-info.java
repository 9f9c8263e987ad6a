/**
 * Files on any Hadoop file system (hdfs://, file://, s3a://, plain paths): the saved model
 * directory and the run's metrics and summary, each written atomically (temporary file, then
 * rename) so a crash never leaves a file that looks complete; and the training checkpoints, each
 * recording the {@link org.descent.io.RunIdentity} of the run that wrote it.
 */
package org.descent.io;
