package org.trapstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchOptionsTest {

    @Test
    void withoutAModelTheSeedCnnRunsAsBefore() {
        BenchOptions options = BenchOptions.parse(List.of("--quick"));

        assertEquals(new BenchModel.Seed(64), options.network());
        assertEquals(1, options.inferenceThreads());
        assertEquals(600, options.images(1500), "quick: at most 600 records");
        assertEquals(10_000, BenchOptions.parse(List.of()).images(1500), "full: at most 10000 references");
    }

    @Test
    void anImportedNetworkGetsAnInferenceThreadPerCoreAndABacklogSizedToItsCeiling() {
        BenchOptions options = BenchOptions.parse(List.of("--imported"));

        assertEquals(new BenchModel.ParityResNet(), options.network());
        assertEquals(Runtime.getRuntime().availableProcessors(), options.inferenceThreads());
        assertEquals(600, options.images(20), "30 s at 20 images/s");
        assertEquals(100, options.images(1), "never fewer than 100");
        assertEquals(10_000, options.kafkaImages(), "Kafka alone as for the seed CNN");
        assertEquals(1, BenchOptions.parse(List.of("--imported", "--inference-threads", "1")).inferenceThreads());
        assertEquals(250, BenchOptions.parse(List.of("--imported", "--images", "250")).images(20));
    }

    @Test
    void anOnnxFileComesWithItsManifestAndMayHaveItsPyTorchWeightsBeside(@TempDir Path dir) throws IOException {
        Path onnx = Files.createFile(dir.resolve("resnet50.onnx"));
        Path manifest = Files.createFile(dir.resolve("resnet50.manifest.json"));

        BenchOptions options =
            BenchOptions.parse(List.of("--model", onnx.toString(), "--manifest", manifest.toString()));

        assertEquals(new BenchModel.OnnxFile(onnx, manifest), options.network());
        assertEquals(dir.resolve("resnet50.pt"), ((BenchModel.OnnxFile) options.network()).pytorchWeights());
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--model", onnx.toString())));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--model", onnx.toString(),
            "--manifest", dir.resolve("missing.json").toString())));
    }

    @Test
    void contradictoryModelOptionsAreRefused() {
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
            () -> BenchOptions.parse(List.of("--imported", "--image-size", "64")));
        assertTrue(size.getMessage().contains("manifest"), size.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> BenchOptions.parse(List.of("--imported", "--manifest", "pom.xml")));
    }
}
