package org.trapstream.serving.engine;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

import io.vertx.core.json.JsonArray;
import org.trapstream.serving.NetworkIo.Format;

/**
 * The engine for each network format, each created on first use: a process that never loads an ONNX network
 * never starts ONNX Runtime. Thread-safe.
 */
public final class InferenceEngines {

    private final Map<Format, Supplier<InferenceEngine>> factories = new EnumMap<>(Format.class);
    private final Map<Format, InferenceEngine> started = new EnumMap<>(Format.class);

    private InferenceEngines() {
    }

    /** DL4J for trained networks, ONNX Runtime with {@code onnxThreads} intra-op threads per network for imported ones. */
    public static InferenceEngines of(int onnxThreads) {
        InferenceEngines engines = new InferenceEngines();
        engines.factories.put(Format.DL4J, Dl4jEngine::new);
        engines.factories.put(Format.ONNX, () -> new OnnxEngine(onnxThreads));
        return engines;
    }

    /** One ONNX Runtime thread per network: the classifier runs one network per inference thread. */
    public static InferenceEngines standard() {
        return of(1);
    }

    public synchronized InferenceEngine forFormat(Format format) {
        return started.computeIfAbsent(format, f -> factories.get(f).get());
    }

    /** What the engines started so far run on, for {@code /health} and the log. */
    public synchronized JsonArray describe() {
        JsonArray engines = new JsonArray();
        started.values().forEach(engine -> engines.add(engine.describe()));
        return engines;
    }
}
