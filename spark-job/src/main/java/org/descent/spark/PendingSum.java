package org.descent.spark;

/** A step's gradient job once submitted: {@link #await} gives its partition-ordered sum. */
interface PendingSum {
  /** Waits for every partition's result and returns their sum in partition order. */
  PartitionResult await();

  /** Cancels the job if it still runs and waits (bounded) until Spark has ended it. */
  void cancel();
}
