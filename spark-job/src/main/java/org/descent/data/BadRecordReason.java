package org.descent.data;

/** Why a record was refused; skipped records are counted per reason. */
public enum BadRecordReason {
  /** Not parseable: wrong field count, a token that is not a number or not index:value. */
  MALFORMED("malformed", "fix or remove the record"),
  /** An empty cell or a null value. */
  MISSING_VALUE("missing value", "fill in or remove the record"),
  /** More or fewer features than the network's input width. */
  WRONG_FEATURE_COUNT(
      "wrong feature count", "make model.layers start with the data's feature count, or fix it"),
  /** A NaN or infinite feature. */
  NON_FINITE_FEATURE("non-finite feature", "every feature must be finite; impute or remove it"),
  /** A classification label that is not an integer in [0, classes). */
  LABEL_OUT_OF_RANGE(
      "label out of range",
      "labels must be class indices 0..classes-1: check data.labelColumn and model.layers' last"
          + " width"),
  /** A NaN or infinite regression target. */
  NON_FINITE_TARGET("non-finite target", "regression targets must be finite; impute or remove it");

  private final String description;
  private final String fix;

  BadRecordReason(String description, String fix) {
    this.description = description;
    this.fix = fix;
  }

  /** A few words, e.g. "non-finite feature". */
  public String description() {
    return description;
  }

  /** What the user can do; every fix also allows {@code data.onBadRecord=skip}. */
  public String fix() {
    return fix + ", or set data.onBadRecord=skip";
  }
}
