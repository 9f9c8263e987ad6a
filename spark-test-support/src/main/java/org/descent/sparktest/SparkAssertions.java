package org.descent.sparktest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** DataFrame and RDD equality with a tolerance for floating-point columns. */
public final class SparkAssertions {
  private SparkAssertions() {}

  /**
   * Same schema (column names and types) and the same rows in any order; floating-point values
   * (also inside arrays and ML vectors) may differ by {@code tolerance} (absolute).
   */
  public static void assertDataFrameEquals(
      Dataset<Row> expected, Dataset<Row> actual, double tolerance) {
    if (!expected.schema().equals(actual.schema())) {
      throw new AssertionError(
          "schemas differ:\n expected "
              + expected.schema().treeString()
              + "\n actual   "
              + actual.schema().treeString());
    }
    List<Row> e = sorted(expected.collectAsList());
    List<Row> a = sorted(actual.collectAsList());
    if (e.size() != a.size()) {
      throw new AssertionError("expected " + e.size() + " rows, got " + a.size());
    }
    for (int i = 0; i < e.size(); i++) {
      if (!valuesEqual(e.get(i), a.get(i), tolerance)) {
        throw new AssertionError(
            "row " + i + " differs: expected " + e.get(i) + ", got " + a.get(i));
      }
    }
  }

  /** Same elements in the same order; floats/doubles within {@code tolerance}. */
  public static <T> void assertRddEquals(JavaRDD<T> expected, JavaRDD<T> actual, double tolerance) {
    List<T> e = expected.collect();
    List<T> a = actual.collect();
    if (e.size() != a.size()) {
      throw new AssertionError("expected " + e.size() + " elements, got " + a.size());
    }
    for (int i = 0; i < e.size(); i++) {
      if (!valuesEqual(e.get(i), a.get(i), tolerance)) {
        throw new AssertionError(
            "element " + i + " differs: expected " + e.get(i) + ", got " + a.get(i));
      }
    }
  }

  private static List<Row> sorted(List<Row> rows) {
    List<Row> copy = new ArrayList<>(rows);
    copy.sort(Comparator.comparing(Row::toString));
    return copy;
  }

  static boolean valuesEqual(Object e, Object a, double tol) {
    if (e == null || a == null) {
      return e == a;
    }
    if (e instanceof Number en
        && a instanceof Number an
        && (e instanceof Double || e instanceof Float)) {
      double x = en.doubleValue();
      double y = an.doubleValue();
      return x == y || Math.abs(x - y) <= tol || (Double.isNaN(x) && Double.isNaN(y));
    }
    if (e instanceof Row er && a instanceof Row ar) {
      if (er.length() != ar.length()) {
        return false;
      }
      for (int i = 0; i < er.length(); i++) {
        if (!valuesEqual(er.get(i), ar.get(i), tol)) {
          return false;
        }
      }
      return true;
    }
    if (e instanceof org.apache.spark.ml.linalg.Vector ev
        && a instanceof org.apache.spark.ml.linalg.Vector av) {
      return arraysEqual(ev.toArray(), av.toArray(), tol);
    }
    if (e instanceof float[] ef && a instanceof float[] af) {
      if (ef.length != af.length) {
        return false;
      }
      for (int i = 0; i < ef.length; i++) {
        if (!valuesEqual(ef[i], af[i], tol)) {
          return false;
        }
      }
      return true;
    }
    if (e instanceof double[] ed && a instanceof double[] ad) {
      return arraysEqual(ed, ad, tol);
    }
    if (e instanceof scala.collection.Seq<?> es && a instanceof scala.collection.Seq<?> as) {
      if (es.size() != as.size()) {
        return false;
      }
      for (int i = 0; i < es.size(); i++) {
        if (!valuesEqual(es.apply(i), as.apply(i), tol)) {
          return false;
        }
      }
      return true;
    }
    return e.equals(a);
  }

  private static boolean arraysEqual(double[] e, double[] a, double tol) {
    if (e.length != a.length) {
      return false;
    }
    for (int i = 0; i < e.length; i++) {
      if (!valuesEqual(e[i], a[i], tol)) {
        return false;
      }
    }
    return true;
  }
}
