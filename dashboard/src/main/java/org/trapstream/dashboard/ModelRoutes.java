package org.trapstream.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.auth.AccessGuard;
import org.trapstream.common.auth.AccessRole;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.common.http.HttpRoutes;
import org.trapstream.common.http.Problem;
import org.trapstream.common.metrics.Metrics;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelPromoter;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.ModelVerificationException;

/**
 * The model registry over HTTP. For viewers and above: {@code GET /api/v1/models} (every version, oldest first,
 * without its per-epoch history), {@code GET /api/v1/models/{version}} (its whole metadata) and
 * {@code GET /api/v1/models/{version}/charts/{file}} (the PNG charts the training kept beside it). For operators:
 * {@code POST /api/v1/models/{version}/promote} and {@code POST /api/v1/models/rollback}, which do what
 * {@code trapstream models promote} and {@code rollback} do ({@link ModelChanges}) and answer with the announcement
 * once Kafka has it. Each version's JSON also says whether it serves and which charts it has.
 */
final class ModelRoutes implements HttpRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRoutes.class);
    private static final String VERSION = "version";
    private static final String CHART = "chart";
    private static final Pattern CHART_FILE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}\\.png");

    private final AccessGuard guard;
    private final ModelRegistry registry;
    private final ModelChanges changes;
    private final WorkerExecutor io;
    private final MeterRegistry meters;

    ModelRoutes(AccessGuard guard, ModelRegistry registry, ModelChanges changes, WorkerExecutor io,
                MeterRegistry meters) {
        this.guard = guard;
        this.registry = registry;
        this.changes = changes;
        this.io = io;
        this.meters = meters;
    }

    @Override
    public void mount(Router router) {
        Handler<RoutingContext> viewers = guard.atLeast(AccessRole.VIEWER);
        Handler<RoutingContext> operators = guard.atLeast(AccessRole.OPERATOR);
        router.get("/api/v1/models").handler(viewers).handler(this::list);
        router.get("/api/v1/models/:" + VERSION).handler(viewers).handler(this::version);
        router.get("/api/v1/models/:" + VERSION + "/charts/:" + CHART).handler(viewers).handler(this::chart);
        router.post("/api/v1/models/rollback").handler(operators)
            .handler(ctx -> change(ctx, "rollback", changes.rollback()));
        router.post("/api/v1/models/:" + VERSION + "/promote").handler(operators)
            .handler(ctx -> change(ctx, "promote", changes.promote(ctx.pathParam(VERSION))));
    }

    private void list(RoutingContext ctx) {
        io.executeBlocking(() -> {
            String serving = servingVersion();
            JsonArray versions = new JsonArray();
            for (ModelMetadata model : registry.list()) {
                JsonObject json = describe(model, serving);
                json.remove("history");
                versions.add(json);
            }
            return versions;
        }).onSuccess(versions -> JsonResponses.send(ctx, 200, versions)).onFailure(e -> refuse(ctx, e));
    }

    private void version(RoutingContext ctx) {
        String version = ctx.pathParam(VERSION);
        io.executeBlocking(() -> describe(registry.metadata(version), servingVersion()))
            .onSuccess(json -> JsonResponses.send(ctx, 200, json)).onFailure(e -> refuse(ctx, e));
    }

    private void chart(RoutingContext ctx) {
        String version = ctx.pathParam(VERSION);
        String chart = ctx.pathParam(CHART);
        if (!CHART_FILE.matcher(chart).matches()) {
            Problem.send(ctx, 404, "unknown_chart", "No chart " + chart + " of " + version);
            return;
        }
        io.executeBlocking(() -> {
            Path file = registry.versionDir(version).resolve(chart);
            return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.<byte[]>empty();
        }).onSuccess(png -> png.ifPresentOrElse(
            bytes -> ctx.response()
                .putHeader("Content-Type", "image/png")
                .putHeader("X-Content-Type-Options", "nosniff")
                // A saved version's files never change.
                .putHeader("Cache-Control", "private, max-age=86400")
                .end(Buffer.buffer(bytes)),
            () -> Problem.send(ctx, 404, "unknown_chart", "No chart " + chart + " of " + version)))
            .onFailure(e -> refuse(ctx, e));
    }

    private void change(RoutingContext ctx, String action, Future<ModelAnnouncement> change) {
        String operator = AccessGuard.person(ctx).name();
        change.onSuccess(announcement -> {
            LOG.info("{} by {}: {} serves", action, operator, announcement.version());
            count(action, "done");
            JsonResponses.send(ctx, 200, announcement.toJson());
        }).onFailure(e -> {
            LOG.warn("{} by {} failed: {}", action, operator, e.getMessage());
            count(action, e instanceof ModelPromoter.NotAnnouncedException ? "not_announced" : "refused");
            refuse(ctx, e);
        });
    }

    private void count(String action, String outcome) {
        Metrics.counter(meters, "camtrap.dashboard.model.changes",
            "Promotions and rollbacks asked for on the dashboard, by outcome", "action", action, "outcome", outcome)
            .increment();
    }

    /** The answer to a registry error: the caller's mistake, a version that cannot serve, or Kafka out of reach. */
    private static void refuse(RoutingContext ctx, Throwable e) {
        if (e instanceof NoSuchElementException) {
            Problem.send(ctx, 404, "unknown_model", e.getMessage());
        } else if (e instanceof IllegalArgumentException) {
            Problem.send(ctx, 400, "invalid_version", e.getMessage());
        } else if (e instanceof ModelVerificationException) {
            Problem.send(ctx, 409, "unservable_model", e.getMessage());
        } else if (e instanceof IllegalStateException) {
            Problem.send(ctx, 409, "nothing_to_roll_back", e.getMessage());
        } else if (e instanceof ModelPromoter.NotAnnouncedException) {
            Problem.send(ctx, 503, "not_announced", e.getMessage());
        } else {
            ctx.fail(e);
        }
    }

    /** The version {@code promoted.json} names, or null. */
    private String servingVersion() {
        return registry.promotedAnnouncement().map(ModelAnnouncement::version).orElse(null);
    }

    /** The metadata as {@code metadata.json} holds it, with whether it serves and the names of its charts. */
    private JsonObject describe(ModelMetadata model, String serving) {
        return model.toJson()
            .put("serving", model.version().equals(serving))
            .put("charts", new JsonArray(charts(model.version())));
    }

    private List<String> charts(String version) {
        try (Stream<Path> files = Files.list(registry.versionDir(version))) {
            return files.map(file -> file.getFileName().toString())
                .filter(name -> CHART_FILE.matcher(name).matches())
                .sorted()
                .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the files of " + version, e);
        }
    }
}
