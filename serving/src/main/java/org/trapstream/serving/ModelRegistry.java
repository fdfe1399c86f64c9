package org.trapstream.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.deeplearning4j.nn.api.Model;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.common.io.DurableFiles;
import org.trapstream.common.io.FileDigests;
import org.trapstream.serving.engine.Dl4jEngine;
import org.trapstream.serving.engine.InferenceEngines;
import org.trapstream.serving.engine.InputBatch;
import org.trapstream.serving.engine.Network;

/**
 * The model repository on disk, one directory per version (the layout Triton users know):
 * <pre>
 *   root/v0001/model.zip      DL4J ModelSerializer file, without updater state (networks trained here)
 *   root/v0002/model.onnx     or an imported ONNX network ({@link NetworkIo#modelFile()})
 *   root/v0001/metadata.json  {@link ModelMetadata}
 *   root/v0001/*.png          charts of the training run, for people (written by the training side)
 *   root/promoted.json        the version that serves, as a {@link ModelAnnouncement}
 *   root/promotions.json      the versions that served, oldest first: what a {@link #rollback} returns to
 * </pre>
 * Readers never see a half-written version: {@link #save} fills a hidden temporary directory, flushes it to the
 * disk and renames it into place, and JSON files are replaced durably ({@link DurableFiles}), so what was
 * published survives a crash; what a save killed mid-way leaves in its temporary directory the next save removes.
 * Several trainers may save at once (each rename
 * claims a free number); promotions from several processes are last-writer-wins on {@code promoted.json}.
 * Blocking file I/O throughout: call it from worker threads.
 */
public final class ModelRegistry {

    public static final String METADATA_FILE = "metadata.json";
    public static final String PROMOTED_FILE = "promoted.json";
    public static final String PROMOTIONS_FILE = "promotions.json";

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
    /** Hidden names of a save in progress: its staging directory, and beside it the lock its writer holds. */
    private static final String STAGING_PREFIX = ".tmp-";
    private static final String LOCK_SUFFIX = ".lock";
    private static final Pattern VERSION = Pattern.compile("v(\\d{4,9})");
    /** Promotions {@value #PROMOTIONS_FILE} remembers: how many rollbacks in a row can go back. */
    private static final int PROMOTION_HISTORY = 100;
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final double PROBABILITY_TOLERANCE = 1e-3;
    private static final String NOT_PROBABILITIES =
        " (is its last layer a softmax? If it gives logits, its output.kind is \"logits\")";

    private final Path root;
    private final InferenceEngines engines;

    /** A registry whose versions load on the standard engines ({@link InferenceEngines#standard()}). */
    public ModelRegistry(Path root) {
        this(root, InferenceEngines.standard());
    }

    public ModelRegistry(Path root, InferenceEngines engines) {
        this.root = root.toAbsolutePath().normalize();
        this.engines = engines;
    }

    /**
     * What a new version holds, written into its hidden staging directory before the version becomes visible.
     */
    @FunctionalInterface
    public interface Contents {
        /** Writes the network to {@code file}, named after the draft's format ({@link NetworkIo#modelFile()}). */
        void writeModel(Path file) throws IOException;

        /**
         * Files the network serves with, beside it (a detector's {@link FeatureGaussian#FILE}); written before the
         * version is visible, and a failure fails the save.
         */
        default void writeServingFiles(Path directory) throws IOException {
        }

        /** Files for people beside the network, such as charts; must not fail the save. */
        default void writeExtras(ModelMetadata saved, Path directory) {
        }

        /** These contents with {@code ood}'s feature Gaussian beside the network, where it has one. */
        default Contents servedWith(OodDetector ood) {
            if (ood == null || ood.gaussian() == null) {
                return this;
            }
            Contents network = this;
            return new Contents() {
                @Override
                public void writeModel(Path file) throws IOException {
                    network.writeModel(file);
                }

                @Override
                public void writeServingFiles(Path directory) throws IOException {
                    network.writeServingFiles(directory);
                    ood.gaussian().write(directory);
                }

                @Override
                public void writeExtras(ModelMetadata saved, Path directory) {
                    network.writeExtras(saved, directory);
                }
            };
        }
    }

    public Path root() {
        return root;
    }

    /** The directory of a version; the name must be a plain directory name (no path separators). */
    public Path versionDir(String version) {
        if (version == null || !SAFE_NAME.matcher(version).matches()) {
            throw new IllegalArgumentException("Not a model version name: " + version);
        }
        return root.resolve(version);
    }

    /** All saved versions, oldest first; directories with unreadable metadata are skipped with a warning. */
    public List<ModelMetadata> list() {
        List<ModelMetadata> versions = new ArrayList<>();
        for (String version : versionNames()) {
            try {
                versions.add(readMetadata(root.resolve(version)));
            } catch (IOException | RuntimeException e) {
                LOG.warn("Skipping model version {} in {}: {}", version, root, e.getMessage());
            }
        }
        return versions;
    }

    /**
     * The version {@code promoted.json} names, if any.
     *
     * @throws NoSuchElementException when {@code promoted.json} names a version that is not (or no longer) here
     */
    public Optional<ModelMetadata> promoted() {
        return promotedAnnouncement().map(announcement -> metadata(announcement.version()));
    }

    /**
     * The announcement of the last promotion, as {@code promoted.json} holds it (the very record that was
     * announced, so announcing it again changes nothing); empty when nothing was promoted.
     */
    public Optional<ModelAnnouncement> promotedAnnouncement() {
        Path file = root.resolve(PROMOTED_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ModelAnnouncement.fromJson(new JsonObject(Files.readString(file))));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** @throws NoSuchElementException when the registry has no such version */
    public ModelMetadata metadata(String version) {
        try {
            return readMetadata(versionDir(version));
        } catch (NoSuchFileException e) {
            throw new NoSuchElementException("No model version " + version + " in " + root);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read metadata of " + version + " in " + root, e);
        }
    }

    /**
     * Loads a version for inference, on the engine its format names, after checking that it can serve: the
     * model file matches its SHA-256, the network accepts one image of the input size and answers one
     * probability per label (finite, summing to 1) on a smoke input.
     *
     * @throws ModelVerificationException naming the first check that failed
     */
    public LoadedModel load(String version) {
        ModelMetadata metadata;
        try {
            metadata = metadata(version);
        } catch (RuntimeException e) {
            throw new ModelVerificationException(version + ": unreadable metadata: " + e.getMessage(), e);
        }
        Path file = modelFile(metadata);
        verifyChecksum(version, metadata, file);
        return verify(version, metadata, file);
    }

    /**
     * Adds a network brought from elsewhere (see {@link ImportManifest}) as the next free version, after the same
     * checks a load makes: a network that does not fit is refused and nothing is written.
     *
     * @throws ModelVerificationException naming the first check that failed
     */
    public ModelMetadata importNetwork(Path file, ModelMetadata draft) {
        return importNetwork(file, draft, Optional.empty(), UnaryOperator.identity());
    }

    /**
     * {@link #importNetwork(Path, ModelMetadata)} for a draft calibrated here ({@code models import --calibrate-on}),
     * with files for people beside it.
     *
     * @param ood        the draft's out-of-distribution detector with its feature Gaussian, if it reads features,
     *                   which is saved beside the network; empty: the draft's own, if any
     * @param withExtras the copy of the network file, given the extras ({@link Contents#writeExtras}) to write
     */
    public ModelMetadata importNetwork(Path file, ModelMetadata draft, Optional<OodDetector> ood,
                                       UnaryOperator<Contents> withExtras) {
        if (!Files.isRegularFile(file)) {
            throw new ModelVerificationException("import: " + file + " is not a file");
        }
        Optional<OodDetector> detector = ood.isPresent() ? ood : draft.ood();
        verify("import of " + file.getFileName(), draft, file, detector).close();
        return save(withExtras.apply(target -> Files.copy(file, target)).servedWith(detector.orElse(null)), draft);
    }

    /**
     * Loads the network on the engine its format names and smoke-tests it, as an import or a load does, without
     * saving anything; the caller closes it.
     *
     * @param name what the error messages call it
     * @throws ModelVerificationException with the reason, when the file is no network of that shape
     */
    public LoadedModel verify(String name, ModelMetadata metadata, Path file) {
        Optional<OodDetector> ood;
        try {
            ood = metadata.ood().isEmpty() ? Optional.empty()
                : Optional.of(metadata.ood().get().withGaussianFrom(file.toAbsolutePath().getParent()));
        } catch (IOException | RuntimeException e) {
            throw new ModelVerificationException(name + ": cannot read its out-of-distribution detector: "
                + e.getMessage(), e);
        }
        return verify(name, metadata, file, ood);
    }

    /** {@link #verify(String, ModelMetadata, Path)} with the detector given rather than read beside the file. */
    private LoadedModel verify(String name, ModelMetadata metadata, Path file, Optional<OodDetector> ood) {
        Network network;
        try {
            network = engines.forFormat(metadata.network().format()).load(file, metadata.network());
        } catch (IOException | RuntimeException | LinkageError e) {
            throw new ModelVerificationException(name + ": cannot load the network: " + e.getMessage(), e);
        }
        LoadedModel model;
        try {
            model = new LoadedModel(metadata, network, ood);
        } catch (IllegalArgumentException e) {
            network.close();
            throw new ModelVerificationException(name + ": " + e.getMessage(), e);
        }
        try {
            smokeTest(name, model);
        } catch (ModelVerificationException e) {
            model.close();
            throw e;
        }
        return model;
    }

    /** The engines this registry loads versions on. */
    public InferenceEngines engines() {
        return engines;
    }

    /** The network file of a saved version. */
    public Path modelFile(ModelMetadata metadata) {
        return versionDir(metadata.version()).resolve(metadata.network().modelFile());
    }

    /** Saves a DL4J network as the next free version, without charts (see {@link #save(Contents, ModelMetadata)}). */
    public ModelMetadata save(Model network, ModelMetadata draft) {
        return save(Dl4jEngine.contents(network), draft);
    }

    /**
     * Saves a network as the next free version and returns the saved metadata (version, SHA-256). The draft's
     * own version and checksum, if any, are ignored. Nothing is loaded: call {@link #load} to verify it.
     */
    public ModelMetadata save(Contents contents, ModelMetadata draft) {
        Path staging = root.resolve(STAGING_PREFIX + UUID.randomUUID());
        Path lockFile = lockFileOf(staging);
        try {
            Files.createDirectories(root);
            removeAbandonedStaging();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save a model version in " + root, e);
        }
        // The lock exists before the directory and lives as long as this process: a sweeper that can take it
        // knows the directory's writer is gone. It is taken under another name and renamed into place (a lock
        // belongs to the file, not its name), so no sweeper ever finds the lock file before its lock.
        Path unlockedFile = lockFile.resolveSibling(lockFile.getFileName() + ".new");
        try (FileChannel lockChannel = FileChannel.open(unlockedFile, StandardOpenOption.CREATE_NEW,
                 StandardOpenOption.WRITE);
             FileLock held = lockChannel.lock()) {
            Files.move(unlockedFile, lockFile, StandardCopyOption.ATOMIC_MOVE);
            Files.createDirectories(staging);
            Path file = staging.resolve(draft.network().modelFile());
            contents.writeModel(file);
            contents.writeServingFiles(staging);
            String sha256 = sha256(file);
            while (true) {
                ModelMetadata saved = draft.withVersion(nextVersion(), sha256);
                Files.writeString(staging.resolve(METADATA_FILE), saved.toJson().encodePrettily());
                contents.writeExtras(saved, staging);
                // On the disk before the version is visible: a crash must not leave a numbered, half-written one.
                DurableFiles.syncTree(staging);
                if (claim(staging, root.resolve(saved.version()))) {
                    DurableFiles.syncDirectory(root);
                    LOG.info("Saved model {} in {}", saved.version(), root);
                    return saved;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save a model version in " + root, e);
        } finally {
            deleteQuietly(staging);
            deleteQuietly(lockFile);
            deleteQuietly(unlockedFile);
        }
    }

    /**
     * Removes the staging directories of saves whose process died mid-way (a kill leaves them, and its lock
     * file, behind): those whose lock nobody holds. A save in progress, here or in another process, keeps its own.
     */
    private void removeAbandonedStaging() throws IOException {
        List<Path> lockFiles;
        try (Stream<Path> children = Files.list(root)) {
            lockFiles = children.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(STAGING_PREFIX) && name.endsWith(LOCK_SUFFIX);
            }).toList();
        }
        for (Path lockFile : lockFiles) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                 FileLock lock = channel.tryLock()) {
                if (lock != null) {
                    Path staging = root.resolve(lockFile.getFileName().toString()
                        .substring(0, lockFile.getFileName().toString().length() - LOCK_SUFFIX.length()));
                    LOG.info("Removing {}, left by a save that did not finish", staging);
                    deleteQuietly(staging);
                    Files.deleteIfExists(lockFile);
                }
            } catch (OverlappingFileLockException | NoSuchFileException e) {
                // a save in this JVM holds it, or its writer has just finished and removed it
            }
        }
    }

    private static Path lockFileOf(Path staging) {
        return staging.resolveSibling(staging.getFileName() + LOCK_SUFFIX);
    }

    /**
     * Makes {@code version} the one that serves: rewrites {@code promoted.json}, marks the version promoted and
     * the previously promoted one a candidate again, and records the promotion for {@link #rollback}. Returns the
     * announcement classifiers act on.
     *
     * @throws ModelVerificationException when the model file no longer matches its checksum
     */
    public synchronized ModelAnnouncement promote(String version) {
        List<String> served = new ArrayList<>(servedVersions());
        // A registry promoted to before the history was kept starts it with the version that serves.
        if (served.isEmpty()) {
            promotedAnnouncement().ifPresent(current -> served.add(current.version()));
        }
        ModelAnnouncement announcement = serve(version, "superseded by " + version);
        if (served.isEmpty() || !served.get(served.size() - 1).equals(version)) {
            served.add(version);
        }
        writeServedVersions(served.subList(Math.max(0, served.size() - PROMOTION_HISTORY), served.size()));
        return announcement;
    }

    /**
     * Undoes the last promotion: the version that served before the current one serves again, and the current
     * one becomes a candidate ("rolled back to ..."). Rolling back again goes further back, as far as the
     * recorded promotions reach. Returns the announcement classifiers act on.
     *
     * @throws IllegalStateException      when no earlier promotion is recorded
     * @throws ModelVerificationException when the earlier version's model file no longer matches its checksum
     */
    public synchronized ModelAnnouncement rollback() {
        String current = promotedAnnouncement().map(ModelAnnouncement::version)
            .orElseThrow(() -> new IllegalStateException("Nothing to roll back: no version was promoted in " + root));
        List<String> served = new ArrayList<>(servedVersions());
        while (!served.isEmpty() && served.get(served.size() - 1).equals(current)) {
            served.remove(served.size() - 1);
        }
        if (served.isEmpty()) {
            throw new IllegalStateException("Nothing to roll back to: no promotion before " + current
                + " is recorded in " + root);
        }
        String earlier = served.get(served.size() - 1);
        ModelAnnouncement announcement = serve(earlier, "rolled back to " + earlier);
        writeServedVersions(served);
        return announcement;
    }

    /** The versions that served, oldest first, as {@value #PROMOTIONS_FILE} records them (the last one serves). */
    public List<String> servedVersions() {
        Path file = root.resolve(PROMOTIONS_FILE);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return new JsonObject(Files.readString(file)).getJsonArray("served").stream()
                .map(String::valueOf).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private void writeServedVersions(List<String> served) {
        writeAtomically(root.resolve(PROMOTIONS_FILE), new JsonObject().put("served", new JsonArray(served)));
    }

    /** Writes {@code promoted.json} and both versions' status; {@code supersededReason} says why the old one stopped. */
    private ModelAnnouncement serve(String version, String supersededReason) {
        ModelMetadata metadata = metadata(version);
        verifyChecksum(version, metadata, modelFile(metadata));
        Optional<ModelMetadata> previous = promoted();
        ModelAnnouncement announcement =
            new ModelAnnouncement(metadata.modelName(), version, metadata.sha256(), Instant.now());
        // The status first: a reader that finds the version in promoted.json must find it marked promoted too.
        writeMetadata(metadata.withStatus(ModelStatus.PROMOTED, null));
        writeAtomically(root.resolve(PROMOTED_FILE), announcement.toJson());
        previous.filter(p -> !p.version().equals(version))
            .ifPresent(p -> writeMetadata(p.withStatus(ModelStatus.CANDIDATE, supersededReason)));
        LOG.info("Promoted model {} in {}", version, root);
        return announcement;
    }

    /** Records a decision about a version, e.g. rejected with the evaluation that failed it. */
    public synchronized ModelMetadata setStatus(String version, ModelStatus status, String reason) {
        ModelMetadata updated = metadata(version).withStatus(status, reason);
        writeMetadata(updated);
        return updated;
    }

    private void verifyChecksum(String version, ModelMetadata metadata, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelVerificationException(version + ": model file " + file + " is missing");
        }
        String actual;
        try {
            actual = sha256(file);
        } catch (IOException e) {
            throw new ModelVerificationException(version + ": cannot read the model file: " + e.getMessage(), e);
        }
        if (!actual.equalsIgnoreCase(String.valueOf(metadata.sha256()))) {
            throw new ModelVerificationException(version + ": model file SHA-256 " + actual
                + " does not match the metadata's " + metadata.sha256());
        }
    }

    private static void smokeTest(String version, LoadedModel model) {
        ModelMetadata metadata = model.metadata();
        InputBatch smoke = new Preprocessor(metadata).stack(List.of(Preprocessor.smokeImage(metadata)));
        long[] shape = smoke.shape();
        float[] probabilities;
        try {
            probabilities = model.predict(smoke)[0];
        } catch (RuntimeException e) {
            throw new ModelVerificationException(version + ": the network rejects input "
                + Arrays.toString(shape) + ": " + e.getMessage(), e);
        }
        if (probabilities.length != metadata.labels().size()) {
            throw new ModelVerificationException(version + ": the network has " + probabilities.length
                + " outputs but the metadata lists " + metadata.labels().size() + " labels");
        }
        double sum = 0;
        for (float p : probabilities) {
            if (!Float.isFinite(p) || p < 0 || p > 1) {
                throw new ModelVerificationException(version + ": the network's output is not a probability: " + p
                    + NOT_PROBABILITIES);
            }
            sum += p;
        }
        if (Math.abs(sum - 1) > PROBABILITY_TOLERANCE) {
            throw new ModelVerificationException(version + ": the network's outputs sum to " + sum + ", not 1"
                + NOT_PROBABILITIES);
        }
    }

    private List<String> versionNames() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            return children
                .filter(Files::isDirectory)
                .map(dir -> dir.getFileName().toString())
                .filter(name -> VERSION.matcher(name).matches())
                .sorted(Comparator.comparingLong(ModelRegistry::versionNumber))
                .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + root, e);
        }
    }

    private String nextVersion() {
        List<String> names = versionNames();
        long last = names.isEmpty() ? 0 : versionNumber(names.get(names.size() - 1));
        return String.format("v%04d", last + 1);
    }

    private static long versionNumber(String name) {
        Matcher m = VERSION.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException("Not a numbered model version: " + name);
        }
        return Long.parseLong(m.group(1));
    }

    /** Renames the staging directory to the version directory; false when another writer took the name. */
    private static boolean claim(Path staging, Path target) throws IOException {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (FileSystemException e) {
            // rename(2) refuses to replace a non-empty directory (EEXIST/ENOTEMPTY, reported variously).
            if (Files.exists(target)) {
                return false;
            }
            throw e;
        }
    }

    private static ModelMetadata readMetadata(Path versionDir) throws IOException {
        return ModelMetadata.fromJson(new JsonObject(Files.readString(versionDir.resolve(METADATA_FILE))));
    }

    private void writeMetadata(ModelMetadata metadata) {
        writeAtomically(versionDir(metadata.version()).resolve(METADATA_FILE), metadata.toJson());
    }

    private static void writeAtomically(Path file, JsonObject json) {
        try {
            DurableFiles.onDisk().replace(file, json.encodePrettily().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static String sha256(Path file) throws IOException {
        return FileDigests.sha256(file);
    }

    private static void deleteQuietly(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not remove {}: {}", path, e.getMessage());
        }
    }
}
