package org.trapstream.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.io.DurableFiles;
import org.trapstream.exchange.Deployments;

/**
 * Which camera stood where when: every {@link Deployment}, kept durably in one JSON file under the data dir and
 * changed by operators over HTTP ({@link DeploymentRoutes}). At open, the deployments of a Camtrap DP
 * {@code deployments.csv} (when configured) replace those of the same id, so the table stays the source of the
 * deployments it lists while others are managed over HTTP alone. No camera is in two deployments at once.
 *
 * <p>Readers (ingest's workers) see an immutable snapshot; changes are serialized and reach the disk before they
 * are seen, so an answered change survives a crash. Every ingest on the shared data dir reads the same file: a
 * reader looks at most once a second whether another one replaced it, and a change locks it while it reads,
 * changes and writes. Everything here may touch the disk: call it from a worker.
 */
final class DeploymentBook {

    /** Under the data dir. */
    static final String FILE = "deployments.json";
    private static final Comparator<Deployment> BY_ID = Comparator.comparing(Deployment::id);

    /** A change that would give a camera two deployments at once. */
    static final class ConflictException extends IllegalArgumentException {
        ConflictException(String message) {
            super(message);
        }
    }

    private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentBook.class);

    private final Path file;
    private final DurableFiles files;
    private volatile List<Deployment> all;
    /** What the file was when {@link #all} was read or written: its inode (a replacement is a new one) and time. */
    private List<Object> loadedStamp;
    private volatile long checkedAt = System.nanoTime();

    private DeploymentBook(Path file, DurableFiles files, List<Deployment> all, List<Object> stamp) {
        this.file = file;
        this.files = files;
        this.all = all;
        this.loadedStamp = stamp;
    }

    /**
     * Reads the book at {@code file} (empty when there is none yet) and merges {@code table} into it.
     *
     * @throws IllegalArgumentException when the file or the table is unusable, saying why
     */
    static DeploymentBook open(Path file, Optional<Path> table, DurableFiles files) {
        List<Object> stamp = stamp(file);
        DeploymentBook book = new DeploymentBook(file, files, read(file), stamp);
        if (table.isPresent()) {
            List<Deployments.Deployment> rows = Deployments.read(table.get()).all();
            for (Deployments.Deployment row : rows) {
                if (!Deployment.ID.matcher(row.id()).matches()) {
                    // the id travels on image records and in URLs
                    throw new IllegalArgumentException("The deployments " + table.get() + " are not usable: "
                        + "deploymentID '" + row.id() + "' does not match " + Deployment.ID.pattern());
                }
            }
            book.change(merged -> {
                for (Deployments.Deployment row : rows) {
                    merged.removeIf(d -> d.id().equals(row.id()));
                    merged.add(Deployment.fromTable(row));
                }
                book.check(merged, "the deployments table " + table.get() + " and the deployments in " + file);
                return null;
            });
        }
        return book;
    }

    private static List<Deployment> read(Path file) {
        try {
            JsonArray array = new JsonObject(Files.readString(file)).getJsonArray("deployments");
            List<Deployment> deployments = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                JsonObject json = array.getJsonObject(i);
                deployments.add(Deployment.fromJson(json.getString("deploymentID", ""), json));
            }
            return deployments;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the deployments " + file, e);
        } catch (DecodeException | ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new IllegalArgumentException("The deployments " + file + " are not usable: " + e.getMessage(), e);
        }
    }

    /** Every deployment, by id. */
    List<Deployment> all() {
        long now = System.nanoTime();
        if (now - checkedAt >= RECHECK_NANOS) {
            checkedAt = now;
            reloadIfReplaced();
        }
        return all;
    }

    Optional<Deployment> get(String id) {
        return all().stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** The camera's deployment at this instant. */
    Optional<Deployment> find(String cameraId, Instant at) {
        return all().stream().filter(d -> d.cameraId().equals(cameraId) && d.covers(at)).findFirst();
    }

    /** The camera's deployment at this reading of its clock, read in each deployment's own time zone. */
    Optional<Deployment> find(String cameraId, LocalDateTime clock) {
        return all().stream().filter(d -> d.cameraId().equals(cameraId) && d.covers(d.instantOf(clock))).findFirst();
    }

    /**
     * Adds or replaces the deployment of its id.
     *
     * @return whether it is new
     * @throws ConflictException when its camera already has another deployment in its period
     */
    boolean put(Deployment deployment) {
        return change(changed -> {
            boolean created = !changed.removeIf(d -> d.id().equals(deployment.id()));
            changed.add(deployment);
            check(changed, "deployment " + deployment.id());
            return created;
        });
    }

    /** @return whether there was a deployment of this id */
    boolean remove(String id) {
        return change(changed -> changed.removeIf(d -> d.id().equals(id)));
    }

    /** Applies {@code edit} to the latest deployments, saves them if they changed, and answers what it answers. */
    private synchronized <T> T change(Function<List<Deployment>, T> edit) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the folder of the deployments " + file, e);
        }
        try (FileChannel lockFile = FileChannel.open(file.resolveSibling(file.getFileName() + ".lock"),
                 StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockFile.lock()) {
            reloadIfReplaced();
            List<Deployment> changed = new ArrayList<>(all);
            T answer = edit.apply(changed);
            if (!changed.stream().sorted(BY_ID).toList().equals(all)) {
                save(changed);
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock the deployments " + file, e);
        }
    }

    private synchronized void reloadIfReplaced() {
        List<Object> stamp = stamp(file);
        if (stamp.equals(loadedStamp)) {
            return;
        }
        try {
            all = read(file);
        } catch (RuntimeException e) {
            LOG.warn("The deployments {} changed but cannot be read; the ones read before stay: {}", file,
                e.getMessage());
        }
        loadedStamp = stamp;
    }

    private static List<Object> stamp(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return Arrays.asList(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
        } catch (IOException e) {
            return List.of();
        }
    }

    private void check(List<Deployment> deployments, String what) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < deployments.size(); i++) {
            for (Deployment other : deployments.subList(i + 1, deployments.size())) {
                Deployment one = deployments.get(i);
                if (one.overlaps(other)) {
                    problems.add("deployments " + one.id() + " and " + other.id() + " both have camera "
                        + one.cameraId() + " at once");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConflictException(what + ": " + String.join("; ", problems));
        }
    }

    private void save(List<Deployment> deployments) {
        List<Deployment> sorted = deployments.stream().sorted(BY_ID).toList();
        JsonObject json = new JsonObject().put("deployments",
            new JsonArray(sorted.stream().map(Deployment::toJson).toList()));
        try {
            files.replace(file, json.encodePrettily().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the deployments " + file, e);
        }
        all = sorted;
        loadedStamp = stamp(file);
    }
}
