package org.trapstream.serving.engine;

import java.io.IOException;
import java.nio.file.Path;

import io.vertx.core.json.JsonObject;
import org.trapstream.serving.NetworkIo;

/**
 * A runtime that runs networks of one file format: DL4J for the networks Trapstream trains, ONNX Runtime for
 * imported ones. The registry picks the engine from a version's {@link NetworkIo#format()}; everything above it
 * (batching, hot swap, metrics) is the same whatever the engine.
 */
public interface InferenceEngine {

    /** The engine's name in {@code /health}, the log and {@code camtrap_classifier_backend_info}. */
    String name();

    /** {@code {"engine", "device", "threads", ...}}: what runs the networks, for operators. */
    JsonObject describe();

    /**
     * Loads the network in {@code file}.
     *
     * @throws IOException when the file cannot be read or is not a network of this engine's format
     */
    Network load(Path file, NetworkIo io) throws IOException;
}
