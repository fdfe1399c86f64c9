package org.trapstream.model;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.ModelStatus;
import org.trapstream.serving.ModelVerificationException;
import org.trapstream.serving.NetworkIo;

import io.vertx.core.json.JsonObject;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.trapstream.common.contract.ModelAnnouncement;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelRegistryTest {

    @TempDir
    Path root;

    @Test
    void savesNumberedVersionsWithTheirChecksum() throws IOException {
        ModelRegistry registry = new ModelRegistry(root);

        ModelMetadata first = registry.save(TinyNetworks.seedCnn(1), TinyNetworks.draft(TinyNetworks.LABELS, TinyNetworks.SIZE));
        ModelMetadata second = registry.save(TinyNetworks.seedCnn(2), TinyNetworks.draft(TinyNetworks.LABELS, TinyNetworks.SIZE));

        assertEquals("v0001", first.version());
        assertEquals("v0002", second.version());
        assertEquals(ModelRegistry.sha256(registry.versionDir("v0002").resolve(NetworkIo.DL4J.modelFile())), second.sha256());
        assertEquals(second, registry.metadata("v0002"));
        assertEquals(List.of("v0001", "v0002"), registry.list().stream().map(ModelMetadata::version).toList());
        try (Stream<Path> entries = Files.list(root)) {
            assertTrue(entries.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no staging left behind");
        }
    }

    @Test
    void concurrentTrainersClaimDistinctVersions() throws Exception {
        ExecutorService trainers = Executors.newFixedThreadPool(3);
        try {
            List<Future<ModelMetadata>> saves = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                long seed = i;
                // One registry object per "process": they share nothing but the directory.
                saves.add(trainers.submit(() -> new ModelRegistry(root)
                    .save(TinyNetworks.seedCnn(seed), TinyNetworks.draft(TinyNetworks.LABELS, TinyNetworks.SIZE))));
            }
            List<String> versions = new ArrayList<>();
            for (Future<ModelMetadata> save : saves) {
                versions.add(save.get().version());
            }
            assertEquals(6, versions.stream().distinct().count(), "versions " + versions);
            assertEquals(List.of("v0001", "v0002", "v0003", "v0004", "v0005", "v0006"),
                new ModelRegistry(root).list().stream().map(ModelMetadata::version).toList());
        } finally {
            trainers.shutdownNow();
        }
    }

    @Test
    void loadsAMultiLayerNetworkThatPredictsLikeTheOriginal() {
        MultiLayerNetwork network = TinyNetworks.seedCnn(3);
        ModelRegistry registry = new ModelRegistry(root);
        String version = registry.save(network, TinyNetworks.draft(TinyNetworks.LABELS, TinyNetworks.SIZE)).version();
        INDArray input = Nd4j.rand(new long[] {2, 3, TinyNetworks.SIZE, TinyNetworks.SIZE});

        float[][] loaded = registry.load(version).predict(TinyNetworks.batch(input));

        float[][] original = network.output(input, false).toFloatMatrix();
        for (int row = 0; row < 2; row++) {
            assertArrayEquals(original[row], loaded[row], 1e-6f);
        }
    }

    @Test
    void loadsAComputationGraph() {
        ModelRegistry registry = new ModelRegistry(root);
        String version = registry.save(TinyNetworks.graph(4), TinyNetworks.draft(TinyNetworks.LABELS, TinyNetworks.SIZE)).version();

        float[][] probabilities = registry.load(version).predict(TinyNetworks.random(1, TinyNetworks.SIZE));

        assertEquals(3, probabilities[0].length);
        assertEquals(1.0, probabilities[0][0] + probabilities[0][1] + probabilities[0][2], 1e-5);
    }

    @Test
    void refusesAModelFileThatNoLongerMatchesItsChecksum() throws IOException {
        ModelRegistry registry = new ModelRegistry(root);
        String version = registry.save(TinyNetworks.seedCnn(5), TinyNetworks.draft(TinyNetworks.LABELS, TinyNetworks.SIZE)).version();
        Files.write(registry.versionDir(version).resolve(NetworkIo.DL4J.modelFile()), new byte[] {0}, StandardOpenOption.APPEND);

        ModelVerificationException e = assertThrows(ModelVerificationException.class, () -> registry.load(version));

        assertTrue(e.reason().contains("SHA-256"), e.reason());
        assertThrows(ModelVerificationException.class, () -> registry.promote(version));
    }

    @Test
    void refusesMetadataWithMoreLabelsThanTheNetworkHasOutputs() {
        ModelRegistry registry = new ModelRegistry(root);
        String version = registry.save(TinyNetworks.seedCnn(6),
            TinyNetworks.draft(List.of("ant", "bee", "wasp", "moth"), TinyNetworks.SIZE)).version();

        ModelVerificationException e = assertThrows(ModelVerificationException.class, () -> registry.load(version));

        assertTrue(e.reason().contains("3 outputs") && e.reason().contains("4 labels"), e.reason());
    }

    @Test
    void refusesMetadataWithAnInputSizeTheNetworkCannotTake() {
        ModelRegistry registry = new ModelRegistry(root);
        String version = registry.save(TinyNetworks.seedCnn(7),
            TinyNetworks.draft(TinyNetworks.LABELS, 2 * TinyNetworks.SIZE)).version();

        ModelVerificationException e = assertThrows(ModelVerificationException.class, () -> registry.load(version));

        assertTrue(e.reason().contains("rejects input"), e.reason());
    }

    @Test
    void promotionMovesPromotedJsonAndStatuses() throws IOException {
        ModelRegistry registry = new ModelRegistry(root);
        String first = registry.save(TinyNetworks.seedCnn(8), TinyNetworks.draft(TinyNetworks.LABELS, TinyNetworks.SIZE)).version();
        String second = registry.save(TinyNetworks.seedCnn(9), TinyNetworks.draft(TinyNetworks.LABELS, TinyNetworks.SIZE)).version();
        assertTrue(registry.promoted().isEmpty());

        registry.promote(first);
        ModelAnnouncement announcement = registry.promote(second);

        assertEquals(second, registry.promoted().orElseThrow().version());
        ModelAnnouncement onDisk = ModelAnnouncement.fromJson(
            new JsonObject(Files.readString(root.resolve(ModelRegistry.PROMOTED_FILE))));
        assertEquals(announcement, onDisk);
        assertEquals(registry.metadata(second).sha256(), onDisk.sha256());
        assertEquals(ModelStatus.PROMOTED, registry.metadata(second).status());
        assertEquals(ModelStatus.CANDIDATE, registry.metadata(first).status());
        assertEquals("superseded by " + second, registry.metadata(first).statusReason());
    }

    @Test
    void rollbackUndoesPromotionsOneAtATimeAsFarAsTheyAreRecorded() {
        ModelRegistry registry = new ModelRegistry(root);
        List<String> versions = new ArrayList<>();
        for (int seed = 20; seed < 23; seed++) {
            versions.add(registry.save(TinyNetworks.seedCnn(seed),
                TinyNetworks.draft(TinyNetworks.LABELS, TinyNetworks.SIZE)).version());
        }
        assertThrows(IllegalStateException.class, registry::rollback, "nothing promoted yet");
        versions.forEach(registry::promote);
        registry.promote(versions.get(2));

        assertEquals(versions.get(1), registry.rollback().version());
        assertEquals(versions.get(1), registry.promoted().orElseThrow().version());
        assertEquals(ModelStatus.CANDIDATE, registry.metadata(versions.get(2)).status());
        assertEquals("rolled back to " + versions.get(1), registry.metadata(versions.get(2)).statusReason());
        assertEquals(versions.get(0), new ModelRegistry(root).rollback().version(), "the history is on disk");
        assertEquals(List.of(versions.get(0)), registry.servedVersions());

        IllegalStateException nothingEarlier = assertThrows(IllegalStateException.class, registry::rollback);
        assertTrue(nothingEarlier.getMessage().contains("no promotion before " + versions.get(0)),
            nothingEarlier.getMessage());
        assertEquals(versions.get(0), registry.promoted().orElseThrow().version(), "a refused rollback changes nothing");
    }

    @Test
    void recordsARejection() {
        ModelRegistry registry = new ModelRegistry(root);
        String version = registry.save(TinyNetworks.seedCnn(10), TinyNetworks.draft(TinyNetworks.LABELS, TinyNetworks.SIZE)).version();

        registry.setStatus(version, ModelStatus.REJECTED, "macro_f1 0.41 < 0.52");

        ModelMetadata reread = new ModelRegistry(root).metadata(version);
        assertEquals(ModelStatus.REJECTED, reread.status());
        assertEquals("macro_f1 0.41 < 0.52", reread.statusReason());
        assertFalse(new ModelRegistry(root).promoted().isPresent());
    }

    @Test
    void anEmptyRegistryHasNoVersions() {
        ModelRegistry registry = new ModelRegistry(root.resolve("missing"));

        assertTrue(registry.list().isEmpty());
        assertTrue(registry.promoted().isEmpty());
        assertThrows(NoSuchElementException.class, () -> registry.metadata("v0001"));
    }

    @Test
    void aSaveRemovesWhatAKilledSaveLeftButNotASaveInProgress() throws IOException {
        ModelRegistry registry = new ModelRegistry(root);
        // A save killed mid-way: its staging directory half written, its lock file held by nobody any more.
        Path abandoned = Files.createDirectories(root.resolve(".tmp-killed"));
        Files.write(abandoned.resolve("model.zip"), new byte[100]);
        Files.createFile(root.resolve(".tmp-killed.lock"));
        Path inProgress = Files.createDirectories(root.resolve(".tmp-busy"));

        try (FileChannel channel = FileChannel.open(Files.createFile(root.resolve(".tmp-busy.lock")),
                 StandardOpenOption.WRITE);
             FileLock held = channel.lock()) {
            ModelMetadata saved = registry.save(TinyNetworks.seedCnn(1), TinyNetworks.draft(TinyNetworks.LABELS,
                TinyNetworks.SIZE));

            try (Stream<Path> children = Files.list(root)) {
                assertEquals(List.of(".tmp-busy", ".tmp-busy.lock", saved.version()),
                    children.map(p -> p.getFileName().toString()).sorted().toList(),
                    "the killed save's leftovers are gone, the one in progress stays");
            }
            assertTrue(Files.exists(inProgress));
            assertEquals(List.of(saved.version()), registry.list().stream().map(ModelMetadata::version).toList());
        }
    }
}
