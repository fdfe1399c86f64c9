package org.trapstream.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.trapstream.common.io.DurableFiles;
import org.trapstream.exchange.Deployments;

/**
 * Which camera stood where when: every {@link Deployment}, kept durably in one JSON file under the data dir and
 * changed by operators over HTTP ({@link DeploymentRoutes}). At open, the deployments of a Camtrap DP
 * {@code deployments.csv} (when configured) replace those of the same id, so the table stays the source of the
 * deployments it lists while others are managed over HTTP alone. No camera is in two deployments at once.
 *
 * <p>Readers (ingest's workers) see an immutable snapshot; changes are serialized and reach the disk before they
 * are seen, so an answered change survives a crash. Changes block on the disk: call them from a worker.
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

    private final Path file;
    private final DurableFiles files;
    private volatile List<Deployment> all;

    private DeploymentBook(Path file, DurableFiles files, List<Deployment> all) {
        this.file = file;
        this.files = files;
        this.all = all;
    }

    /**
     * Reads the book at {@code file} (empty when there is none yet) and merges {@code table} into it.
     *
     * @throws IllegalArgumentException when the file or the table is unusable, saying why
     */
    static DeploymentBook open(Path file, Optional<Path> table, DurableFiles files) {
        List<Deployment> stored = read(file);
        DeploymentBook book = new DeploymentBook(file, files, stored);
        if (table.isPresent()) {
            List<Deployment> merged = new ArrayList<>(stored);
            for (Deployments.Deployment row : Deployments.read(table.get()).all()) {
                if (!Deployment.ID.matcher(row.id()).matches()) {
                    // the id travels on image records and in URLs
                    throw new IllegalArgumentException("The deployments " + table.get() + " are not usable: "
                        + "deploymentID '" + row.id() + "' does not match " + Deployment.ID.pattern());
                }
                merged.removeIf(d -> d.id().equals(row.id()));
                merged.add(Deployment.fromTable(row));
            }
            book.check(merged, "the deployments table " + table.get() + " and the deployments in " + file);
            book.save(merged);
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
        return all;
    }

    Optional<Deployment> get(String id) {
        return all.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** The camera's deployment at this instant. */
    Optional<Deployment> find(String cameraId, Instant at) {
        return all.stream().filter(d -> d.cameraId().equals(cameraId) && d.covers(at)).findFirst();
    }

    /** The camera's deployment at this reading of its clock, read in each deployment's own time zone. */
    Optional<Deployment> find(String cameraId, LocalDateTime clock) {
        return all.stream().filter(d -> d.cameraId().equals(cameraId) && d.covers(d.instantOf(clock))).findFirst();
    }

    /**
     * Adds or replaces the deployment of its id.
     *
     * @return whether it is new
     * @throws ConflictException when its camera already has another deployment in its period
     */
    synchronized boolean put(Deployment deployment) {
        List<Deployment> changed = new ArrayList<>(all);
        boolean created = !changed.removeIf(d -> d.id().equals(deployment.id()));
        changed.add(deployment);
        check(changed, "deployment " + deployment.id());
        save(changed);
        return created;
    }

    /** @return whether there was a deployment of this id */
    synchronized boolean remove(String id) {
        List<Deployment> changed = new ArrayList<>(all);
        if (!changed.removeIf(d -> d.id().equals(id))) {
            return false;
        }
        save(changed);
        return true;
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
    }
}
