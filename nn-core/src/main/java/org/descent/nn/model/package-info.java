/**
 * The saved-model file: a trained network's spec, parameters, layer state, feature and target
 * scaling and provenance in a versioned binary format with a magic number and a CRC32 checksum —
 * never Java serialisation, so a damaged or foreign file is refused with a clear message.
 */
package org.descent.nn.model;
