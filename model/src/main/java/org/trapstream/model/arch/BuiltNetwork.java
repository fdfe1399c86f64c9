package org.trapstream.model.arch;

import io.vertx.core.json.JsonObject;
import org.deeplearning4j.nn.api.Model;

/**
 * A new, initialised network and what a model's metadata should say about it.
 *
 * @param network     a {@link org.deeplearning4j.nn.multilayer.MultiLayerNetwork} or single-output
 *                    {@link org.deeplearning4j.nn.graph.ComputationGraph}
 * @param description the architecture's hyperparameters and, for a weights file, where the weights came from
 */
public record BuiltNetwork(Model network, JsonObject description) {
}
