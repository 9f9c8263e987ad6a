package org.descent.ml;

/**
 * The Scala superclasses create their Params (featuresCol, …) in their constructors, which read
 * {@code uid()} before a Java subclass can assign its uid field. The subclass constructors stash
 * the uid here (in the argument of {@code this(…)}, before the super constructor runs) and {@code
 * uid()} falls back to it until the field is set.
 */
final class PendingUid {
  private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

  private PendingUid() {}

  static Void stash(String uid) {
    PENDING.set(uid);
    return null;
  }

  /** The uid being constructed on this thread; clears it. */
  static String take() {
    String uid = PENDING.get();
    PENDING.remove();
    return uid;
  }

  static String or(String uid) {
    return uid != null ? uid : PENDING.get();
  }
}
