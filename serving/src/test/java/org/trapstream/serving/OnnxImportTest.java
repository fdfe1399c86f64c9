package org.trapstream.serving;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.image.Decoding;
import org.trapstream.image.ImageLimits;
import org.trapstream.testkit.TestImages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Importing an ONNX network: a version like any other when it fits its manifest, refused with a reason when not. */
class OnnxImportTest {

    private static final List<String> LABELS = List.of("red", "green", "blue", "grey");
    private static final int SIZE = 32;
    private static final ImageLimits LIMITS = new ImageLimits(16 << 20, 50_000_000, 16);

    @TempDir
    Path dir;

    @Test
    void anImportedNetworkIsAVersionThatLoadsAndLooksAtThePicture() throws Exception {
        ModelRegistry registry = new ModelRegistry(dir.resolve("models"));
        Path onnx = Files.write(dir.resolve("tiny.onnx"), TinyOnnx.colourClassifier(LABELS.size(), SIZE, 8f));

        ModelMetadata saved = registry.importNetwork(onnx, ImportManifest.draft(TinyOnnx.manifest(LABELS, SIZE)));

        assertEquals("v0001", saved.version());
        assertEquals(NetworkIo.Format.ONNX, saved.network().format());
        assertEquals(ModelRegistry.sha256(onnx), saved.sha256(), "the registry keeps the operator's file unchanged");
        assertTrue(Files.isRegularFile(registry.versionDir(saved.version()).resolve("model.onnx")));
        assertEquals(saved, registry.metadata(saved.version()), "metadata.json round-trips the network description");
        assertEquals(Decoding.EXACT, saved.network().decoding(), "imported networks see Pillow's pixels by default");
        try (LoadedModel model = registry.load(saved.version())) {
            Preprocessor preprocessor = new Preprocessor(model.metadata());
            float[][] probabilities = model.predict(preprocessor.stack(List.of(
                preprocessor.preprocess(TestImages.jpeg(TestImages.halves(64, 48, Color.RED, Color.RED)), LIMITS),
                preprocessor.preprocess(TestImages.jpeg(TestImages.halves(64, 48, Color.BLUE, Color.BLUE)), LIMITS))));
            for (float[] row : probabilities) {
                assertEquals(1.0, row[0] + row[1] + row[2] + row[3], 1e-5, "logits become probabilities");
            }
            assertNotEquals(argMax(probabilities[0]), argMax(probabilities[1]), "red and blue differ");
        }
    }

    @Test
    void aNetworkThatDoesNotFitItsManifestIsRefusedAndNothingIsWritten() throws Exception {
        ModelRegistry registry = new ModelRegistry(dir.resolve("models"));
        byte[] network = TinyOnnx.colourClassifier(LABELS.size(), SIZE, 8f);
        Path good = Files.write(dir.resolve("tiny.onnx"), network);
        Path corrupt = Files.write(dir.resolve("corrupt.onnx"), Arrays.copyOf(network, network.length / 3));

        assertRefused(registry, corrupt, TinyOnnx.manifest(LABELS, SIZE), "cannot load the network");
        assertRefused(registry, good, TinyOnnx.manifest(LABELS.subList(0, 2), SIZE), "has 4 outputs but the metadata lists 2 labels");
        assertRefused(registry, good, TinyOnnx.manifest(LABELS, 48), "rejects input [1, 3, 48, 48]");
        assertRefused(registry, good, TinyOnnx.manifest(LABELS, SIZE).put("output",
            new JsonObject().put("name", "logits").put("kind", "probabilities")), "its output.kind is \"logits\"");
        assertRefused(registry, good, TinyOnnx.manifest(LABELS, SIZE).put("input",
            TinyOnnx.manifest(LABELS, SIZE).getJsonObject("input").put("name", "image")), "no input named image");
        assertEquals(List.of(), registry.list(), "no version was added");
    }

    @Test
    void aManifestThatBreaksTheContractNamesTheKey() {
        assertManifestRefused(TinyOnnx.manifest(LABELS, SIZE).put("format", "dl4j"), "format must be \"onnx\"");
        assertManifestRefused(TinyOnnx.manifest(List.of(), SIZE), "labels must be a non-empty array");
        assertManifestRefused(TinyOnnx.manifest(List.of("cat", "cat"), SIZE), "labels lists cat twice");
        assertManifestRefused(TinyOnnx.manifest(LABELS, 4), "input.size must be 8 to 2048");
        assertManifestRefused(withInput("resize", "squash"), "input.resize must be one of [stretch, letterbox, center_crop]");
        assertManifestRefused(withInput("layout", "CHWN"), "input.layout must be one of [nchw, nhwc]");
        assertManifestRefused(withInput("decode", "best"), "input.decode must be one of [exact, fast]");
        assertManifestRefused(withInput("mean", new JsonArray(List.of(0.5, 0.5))), "input.mean must be 3 numbers");
        assertManifestRefused(withInput("scale", 0), "input scale must be a positive number");
    }

    @Test
    void aManifestMayAskForTheFastDecodeAndTheVersionKeepsIt() throws Exception {
        ModelRegistry registry = new ModelRegistry(dir.resolve("models"));
        Path onnx = Files.write(dir.resolve("tiny.onnx"), TinyOnnx.colourClassifier(LABELS.size(), SIZE, 8f));

        ModelMetadata saved = registry.importNetwork(onnx, ImportManifest.draft(withInput("decode", "fast")));

        assertEquals(Decoding.FAST, saved.network().decoding());
        assertEquals(saved, registry.metadata(saved.version()), "metadata.json keeps input.decode");
    }

    private static JsonObject withInput(String key, Object value) {
        JsonObject manifest = TinyOnnx.manifest(LABELS, SIZE);
        manifest.getJsonObject("input").put(key, value);
        return manifest;
    }

    private static void assertManifestRefused(JsonObject manifest, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImportManifest.draft(manifest));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private static void assertRefused(ModelRegistry registry, Path file, JsonObject manifest, String reason) {
        ModelVerificationException e = assertThrows(ModelVerificationException.class,
            () -> registry.importNetwork(file, ImportManifest.draft(manifest)));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            best = values[i] > values[best] ? i : best;
        }
        return best;
    }
}
