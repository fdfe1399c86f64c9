package org.trapstream.serving.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import io.vertx.core.json.JsonObject;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What serving needs from either kind of DL4J network: a {@link MultiLayerNetwork} (the seed CNN) or a
 * single-input, single-output {@link ComputationGraph} (zoo architectures). DL4J gives both the same methods
 * without a common interface for them; these helpers dispatch once, here.
 */
public final class Dl4jNetworks {

    /**
     * The entries {@link ModelSerializer#writeModel} writes for a network: its configuration, its weights (or the
     * marker of a network without any) and, when asked, its updater state, the three read as JSON and ND4J
     * arrays. Normalizers and {@code preprocessor.bin} are Java-serialized objects, which no network here
     * carries: a file holding one, or anything else, is refused before DL4J reads it.
     */
    public static final Set<String> ALLOWED_ENTRIES = Set.of(ModelSerializer.CONFIGURATION_JSON,
        ModelSerializer.COEFFICIENTS_BIN, ModelSerializer.NO_PARAMS_MARKER, ModelSerializer.UPDATER_BIN);

    private Dl4jNetworks() {
    }

    /**
     * Restores weights and configuration, without updater state, choosing the kind from the file itself, after
     * {@link #checkEntries} passed.
     */
    public static Model restore(Path modelZip) throws IOException {
        checkEntries(modelZip);
        if (isComputationGraph(modelZip)) {
            return ModelSerializer.restoreComputationGraph(modelZip.toFile(), false);
        }
        return ModelSerializer.restoreMultiLayerNetwork(modelZip.toFile(), false);
    }

    /** Inference-mode output of the network's only output, one row per input example. */
    public static INDArray output(Model network, INDArray input) {
        if (network instanceof MultiLayerNetwork mln) {
            return mln.output(input, false);
        }
        if (network instanceof ComputationGraph graph) {
            return graph.outputSingle(false, input);
        }
        throw unsupported(network);
    }

    /**
     * Inference-mode output and, from the same pass, the activations that feed the output layer (the penultimate
     * features), in that order; the features flattened to one row per example.
     */
    public static INDArray[] outputAndFeatures(Model network, INDArray input) {
        INDArray output;
        INDArray features;
        if (network instanceof MultiLayerNetwork mln) {
            List<INDArray> activations = mln.feedForward(input, false);
            output = activations.get(activations.size() - 1);
            features = activations.get(activations.size() - 2);
        } else if (network instanceof ComputationGraph graph) {
            String outputName = graph.getConfiguration().getNetworkOutputs().get(0);
            Map<String, INDArray> activations = graph.feedForward(input, false);
            output = activations.get(outputName);
            features = activations.get(graph.getConfiguration().getVertexInputs().get(outputName).get(0));
        } else {
            throw unsupported(network);
        }
        return new INDArray[] {output, features.reshape(features.size(0), features.length() / features.size(0))};
    }

    /** An independent copy with the same weights (DL4J's {@code output} is synchronized per instance). */
    public static Model copy(Model network) {
        if (network instanceof MultiLayerNetwork mln) {
            return mln.clone();
        }
        if (network instanceof ComputationGraph graph) {
            return graph.clone();
        }
        throw unsupported(network);
    }

    /**
     * Refuses a model file with an entry DL4J would not write (see {@link #ALLOWED_ENTRIES}).
     * The entries are read as {@link ModelSerializer} reads them, from the local headers in file order, since a
     * forged zip's central directory may say otherwise.
     *
     * @throws IOException naming the entry
     */
    public static void checkEntries(Path modelZip) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(modelZip))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String name = entry.getName();
                if (!ALLOWED_ENTRIES.contains(name)) {
                    throw new IOException("refusing " + modelZip.getFileName() + ": entry \"" + name
                        + "\" is not one DL4J writes for a network (allowed: " + ALLOWED_ENTRIES + ")");
                }
            }
        }
    }

    /** A graph's configuration lists its "vertices"; a multi-layer network's does not. */
    private static boolean isComputationGraph(Path modelZip) throws IOException {
        try (ZipFile zip = new ZipFile(modelZip.toFile())) {
            ZipEntry entry = zip.getEntry(ModelSerializer.CONFIGURATION_JSON);
            if (entry == null) {
                throw new IOException("not a DL4J model file: no " + ModelSerializer.CONFIGURATION_JSON + " in " + modelZip);
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)).containsKey("vertices");
            }
        }
    }

    public static IllegalArgumentException unsupported(Model network) {
        return new IllegalArgumentException("Unsupported network type " + network.getClass().getName());
    }
}
