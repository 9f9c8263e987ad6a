package org.descent.nn.model;

import java.util.Map;
import java.util.TreeMap;
import org.descent.nn.FeatureScaling;
import org.descent.nn.NetworkSpec;
import org.descent.nn.ParameterLayout;

/**
 * A trained model: everything inference needs, plus where it came from.
 *
 * @param spec the network
 * @param parameters the flat parameters ({@link ParameterLayout})
 * @param layerState batch-norm running statistics (empty without batch norm)
 * @param featureScaling applied to raw features before the network
 * @param targetScaling maps regression targets to the trained scale (identity for classifiers)
 * @param provenance free-form facts: configuration, versions, seed, data paths, time
 */
public record SavedModel(
    NetworkSpec spec,
    float[] parameters,
    float[] layerState,
    FeatureScaling featureScaling,
    FeatureScaling targetScaling,
    Map<String, String> provenance) {

  public SavedModel {
    ParameterLayout layout = ParameterLayout.of(spec);
    layout.checkParameters(parameters, "model parameters");
    layout.checkState(layerState);
    if (featureScaling.width() != spec.inputWidth()) {
      throw new IllegalArgumentException(
          "feature scaling has width "
              + featureScaling.width()
              + ", the network's input is "
              + spec.inputWidth());
    }
    int tw = spec.loss().targetWidth(spec.outputWidth());
    if (targetScaling.width() != tw) {
      throw new IllegalArgumentException(
          "target scaling has width " + targetScaling.width() + ", expected " + tw);
    }
    provenance = Map.copyOf(new TreeMap<>(provenance));
  }
}
