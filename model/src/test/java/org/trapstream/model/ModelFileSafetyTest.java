package org.trapstream.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerMinMaxScaler;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;
import org.trapstream.common.io.SerialFilter;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.ModelVerificationException;
import org.trapstream.serving.engine.Dl4jNetworks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Model files are data: what DL4J would deserialize as Java objects never reaches {@code readObject}. */
class ModelFileSafetyTest {

    @TempDir
    Path dir;

    @Test
    void theNetworksSavedHereHoldOnlyEntriesOnTheAllowlist() throws IOException {
        ModelRegistry registry = new ModelRegistry(dir.resolve("models"));
        ModelMetadata cnn = registry.save(TinyNetworks.seedCnn(1), TinyNetworks.draft(TinyNetworks.LABELS, TinyNetworks.SIZE));
        ModelMetadata graph = registry.save(TinyNetworks.graph(2), TinyNetworks.draft(TinyNetworks.LABELS, TinyNetworks.SIZE));

        for (ModelMetadata saved : List.of(cnn, graph)) {
            List<String> entries = entries(registry.modelFile(saved));
            assertEquals(Set.of(ModelSerializer.CONFIGURATION_JSON, ModelSerializer.COEFFICIENTS_BIN),
                new HashSet<>(entries), saved.version() + " holds " + entries);
            assertTrue(Dl4jNetworks.ALLOWED_ENTRIES.containsAll(entries));
            registry.load(saved.version()).close();
        }
    }

    @Test
    void aModelFileWithAForgedEntryIsRefusedBeforeDl4jReadsIt() throws IOException {
        ModelRegistry registry = new ModelRegistry(dir.resolve("models"));
        ModelMetadata saved = registry.save(TinyNetworks.seedCnn(3), TinyNetworks.draft(TinyNetworks.LABELS, TinyNetworks.SIZE));
        Path forged = withEntry(registry.modelFile(saved), ModelSerializer.PREPROCESSOR_BIN, serialized(new Tripwire()));
        int readsBefore = Tripwire.READS.get();

        ModelVerificationException e = assertThrows(ModelVerificationException.class,
            () -> registry.importNetwork(forged, TinyNetworks.draft(TinyNetworks.LABELS, TinyNetworks.SIZE)));

        assertTrue(e.reason().contains("\"preprocessor.bin\" is not one DL4J writes"), e.reason());
        assertEquals(readsBefore, Tripwire.READS.get(), "the forged object was never deserialized");
        assertEquals(List.of(saved.version()), registry.list().stream().map(ModelMetadata::version).toList(),
            "nothing was imported");
    }

    @Test
    void dl4jReadingAPreprocessorOfAClassOutsideTheFilterDeserializesNothing() throws IOException {
        SerialFilter.installIfAbsent();
        ModelRegistry registry = new ModelRegistry(dir.resolve("models"));
        ModelMetadata saved = registry.save(TinyNetworks.seedCnn(5), TinyNetworks.draft(TinyNetworks.LABELS, TinyNetworks.SIZE));
        Path forged = withEntry(registry.modelFile(saved), ModelSerializer.PREPROCESSOR_BIN, serialized(new Tripwire()));
        int readsBefore = Tripwire.READS.get();

        // DL4J's own reader, past the entry check: the process-wide filter is what stops it here.
        Exception e = assertThrows(Exception.class, () -> ModelSerializer.restoreMultiLayerNetwork(forged.toFile(), false));

        assertTrue(causes(e).stream().anyMatch(InvalidClassException.class::isInstance), "rejected by the filter: " + e);
        assertEquals(readsBefore, Tripwire.READS.get(), "the object was never deserialized");
    }

    @Test
    void theFilterAdmitsDl4jNormalizersAndNothingElse() throws Exception {
        DataSet data = new DataSet(Nd4j.rand(8, 4), Nd4j.rand(8, 2));
        NormalizerStandardize standardize = new NormalizerStandardize();
        standardize.fit(data);
        NormalizerMinMaxScaler minMax = new NormalizerMinMaxScaler();
        minMax.fit(data);

        assertEquals(standardize.getMean(), ((NormalizerStandardize) readFiltered(serialized(standardize))).getMean());
        assertEquals(minMax.getMax(), ((NormalizerMinMaxScaler) readFiltered(serialized(minMax))).getMax());
        assertThrows(InvalidClassException.class, () -> readFiltered(serialized(new Tripwire())));
        assertThrows(InvalidClassException.class, () -> readFiltered(serialized(new java.util.HashMap<>())));
    }

    private static Object readFiltered(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(SerialFilter.filter());
            return in.readObject();
        }
    }

    private static byte[] serialized(Serializable object) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        return bytes.toByteArray();
    }

    /** A copy of the model file with one more entry at its end. */
    private Path withEntry(Path modelZip, String name, byte[] content) throws IOException {
        Path forged = dir.resolve("forged-" + name + ".zip");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(modelZip));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(forged))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                in.transferTo(out);
            }
            out.putNextEntry(new ZipEntry(name));
            out.write(content);
        }
        return forged;
    }

    private static List<String> entries(Path zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        return names;
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** Counts its own deserializations: a gadget would act where this counts. */
    static final class Tripwire implements Serializable {
        static final AtomicInteger READS = new AtomicInteger();
        private static final long serialVersionUID = 1L;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            READS.incrementAndGet();
        }
    }
}
