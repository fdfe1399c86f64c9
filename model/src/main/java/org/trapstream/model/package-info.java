/**
 * The machine-learning core shared by the classifier and the trainer.
 *
 * <ul>
 *   <li>{@link org.trapstream.model.Backend}: starts ND4J with oneDNN (call first).</li>
 *   <li>{@link org.trapstream.model.Preprocessor}: the one way an image becomes network input, in training
 *       and in service (decode with {@code ImageDecoder}, normalise per channel, CHW).</li>
 *   <li>{@link org.trapstream.model.ModelRegistry}: versions on disk ({@code vNNNN/model.zip} +
 *       {@code metadata.json}, {@code promoted.json}), atomic saves, verified loads giving a
 *       {@link org.trapstream.model.LoadedModel}.</li>
 *   <li>{@code data}: folder datasets, augmentation, batches; {@code arch}: the seed CNN; {@code train}: the
 *       training loop; {@code eval}: accuracy, macro-F1, per-class scores, confusion;
 *       {@code cli}: the {@code train}, {@code evaluate}, {@code predict} and {@code models} commands.</li>
 * </ul>
 */
package org.trapstream.model;
