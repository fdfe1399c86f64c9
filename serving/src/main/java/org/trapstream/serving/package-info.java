/**
 * The serving core: everything the classifier needs to serve a model version, and nothing of training.
 *
 * <ul>
 *   <li>{@link org.trapstream.serving.Preprocessor}: the one way an image becomes network input, in training
 *       and in service (decode with {@code ImageDecoder}, fit, normalise, lay out).</li>
 *   <li>{@link org.trapstream.serving.ModelRegistry}: versions on disk ({@code vNNNN/model.zip} or
 *       {@code model.onnx}, {@code metadata.json}, {@code promoted.json}), atomic saves, verified loads giving a
 *       {@link org.trapstream.serving.LoadedModel}.</li>
 *   <li>{@code engine}: the inference engines behind one interface, DL4J for networks trained here and ONNX
 *       Runtime for imported ones; {@link org.trapstream.serving.Backend} starts ND4J with oneDNN.</li>
 * </ul>
 */
package org.trapstream.serving;
