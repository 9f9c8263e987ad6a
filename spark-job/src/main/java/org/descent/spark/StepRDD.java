package org.descent.spark;

import org.apache.spark.Partition;
import org.apache.spark.TaskContext;
import org.apache.spark.rdd.RDD;
import org.descent.ps.train.DataBlock;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;

/**
 * One step's partition results: {@link StepTask} over each partition of the training blocks, one to
 * one. Built directly instead of with {@code mapPartitionsWithIndex}, which runs Spark's closure
 * cleaner on its Scala wrapper lambda every time: an ASM parse of a class file, a few hundred
 * microseconds of driver time per step for a task that needs no cleaning (StepTask is a plain
 * serialisable record). Same lineage as that MapPartitionsRDD: the blocks are its one parent.
 */
final class StepRDD extends RDD<PartitionResult> {
  private static final long serialVersionUID = 1L;

  private final RDD<DataBlock> blocks;
  private final StepTask task;

  StepRDD(RDD<DataBlock> blocks, StepTask task) {
    super(blocks, ClassTag$.MODULE$.apply(PartitionResult.class));
    this.blocks = blocks;
    this.task = task;
  }

  @Override
  public scala.collection.Iterator<PartitionResult> compute(Partition split, TaskContext context) {
    return CollectionConverters.asScala(
        task.call(split.index(), CollectionConverters.asJava(blocks.iterator(split, context))));
  }

  @Override
  public Partition[] getPartitions() {
    return blocks.partitions();
  }
}
