/**
 * The training side: what makes and judges model versions, on top of the serving core
 * ({@code org.trapstream.serving}), which it depends on and never the other way round.
 *
 * <ul>
 *   <li>{@code data}: folder datasets, augmentation, batches; {@code arch}: the seed CNN and zoo networks;
 *       {@code train}: the training loop; {@code eval}: accuracy, macro-F1, per-class scores, confusion;
 *       {@code tune}: hyperparameter search; {@code plot}: charts saved beside each version;
 *       {@code cli}: the {@code train}, {@code evaluate}, {@code predict} and {@code models} commands.</li>
 * </ul>
 */
package org.trapstream.model;
