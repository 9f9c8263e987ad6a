package org.descent.ml;

/**
 * The uid of a Descent estimator or model while its constructor runs. The Scala superclasses create
 * their Params (featuresCol, …) in their constructors, which read {@code uid()} before a Java
 * subclass can assign its uid field. So each class's uid constructor hands {@code stash(uid)} to a
 * private constructor ({@code this(PendingUid.stash(uid))}, evaluated before the super constructor
 * runs), which keeps {@link #take()}; until then {@code uid()} answers {@link #or}.
 */
final class PendingUid {
  private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

  private final String uid;

  private PendingUid(String uid) {
    this.uid = uid;
  }

  /** Makes {@code uid} the one being constructed on this thread. */
  static PendingUid stash(String uid) {
    PENDING.set(uid);
    return new PendingUid(uid);
  }

  /** The uid, for the constructor to keep; this thread constructs no other from now on. */
  String take() {
    PENDING.remove();
    return uid;
  }

  /**
   * {@code uid()}: the uid the object keeps, or, before its constructor has kept one, the stash.
   */
  static String or(String kept) {
    return kept != null ? kept : PENDING.get();
  }
}
