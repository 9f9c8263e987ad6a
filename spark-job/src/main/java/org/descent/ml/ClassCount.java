package org.descent.ml;

import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.BinaryAttribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.sql.types.StructType;

/**
 * The number of classes of a classifier: from the label column's metadata when it has a class count
 * (a {@link NominalAttribute}, as {@code StringIndexer} writes it, or a {@link BinaryAttribute}),
 * else one more than the largest label of all rows, the ones held out for validation included (a
 * class seen only there must not be missing from the network). At least 2.
 */
final class ClassCount {
  private ClassCount() {}

  /**
   * @param trainMax the largest label of the training rows
   * @param validationMax the largest label of the validation rows, or null without them
   */
  static int of(StructType schema, String labelCol, double trainMax, Double validationMax) {
    double max = validationMax == null ? trainMax : Math.max(trainMax, validationMax);
    Integer declared = fromMetadata(schema, labelCol);
    if (declared == null) {
      if (max >= Integer.MAX_VALUE - 1) {
        throw new IllegalArgumentException(
            "label column '"
                + labelCol
                + "' holds "
                + max
                + ": a classifier's labels are class indices 0, 1, …, K−1 (index other labels"
                + " with StringIndexer)");
      }
      return Math.max((int) max + 1, 2);
    }
    if (max >= declared) {
      throw new IllegalArgumentException(
          "label column '"
              + labelCol
              + "' holds the label "
              + (long) max
              + ", but its metadata declares "
              + declared
              + " classes (labels 0 to "
              + (declared - 1)
              + "): index the labels with the same StringIndexer model for every dataset, or"
              + " drop the column's metadata to count classes from the labels");
    }
    return Math.max(declared, 2);
  }

  /** The class count that the column's ML attribute declares, or null when it declares none. */
  static Integer fromMetadata(StructType schema, String labelCol) {
    Attribute attribute = Attribute.fromStructField(schema.apply(labelCol));
    if (attribute instanceof BinaryAttribute) {
      return 2;
    }
    if (attribute instanceof NominalAttribute nominal) {
      if (nominal.getNumValues().isDefined()) {
        return (Integer) nominal.getNumValues().get();
      }
      if (nominal.values().isDefined()) {
        return nominal.values().get().length;
      }
    }
    return null;
  }
}
