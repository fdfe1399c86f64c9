package org.trapstream.ingest;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.auth.AccessGuard;
import org.trapstream.common.auth.AccessRole;
import org.trapstream.common.http.HttpRoutes;
import org.trapstream.common.http.Problem;

/**
 * The operators' deployments ({@link DeploymentBook}): {@code GET /api/v1/deployments} lists them and
 * {@code GET /api/v1/deployments/ID} shows one (viewers and above); {@code PUT /api/v1/deployments/ID} with a
 * deployment's JSON adds (201) or replaces (200) it and {@code DELETE /api/v1/deployments/ID} removes it (204),
 * operators only. A body that is not a valid deployment is answered 400 with every problem, one that would give a
 * camera two deployments at once 409. The book is read and changed on the ingest workers (it may touch the disk);
 * a change reaches the disk before it is answered, and applies to images validated from then on.
 */
record DeploymentRoutes(AccessGuard guard, DeploymentBook book, WorkerExecutor workers) implements HttpRoutes {

    static final String PATH = "/api/v1/deployments";
    private static final int MAX_BODY_BYTES = 16 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentRoutes.class);

    @Override
    public void mount(Router router) {
        router.get(PATH).handler(guard.atLeast(AccessRole.VIEWER)).handler(this::list);
        router.get(PATH + "/:id").handler(guard.atLeast(AccessRole.VIEWER)).handler(this::show);
        // A route of its own: route handlers may not run before a body handler on the same route.
        router.put(PATH + "/:id").handler(guard.atLeast(AccessRole.OPERATOR));
        router.put(PATH + "/:id").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES)).handler(this::put);
        router.delete(PATH + "/:id").handler(guard.atLeast(AccessRole.OPERATOR)).handler(this::delete);
    }

    private void list(RoutingContext ctx) {
        read(ctx, workers.executeBlocking(book::all, false).onSuccess(all -> ctx.json(new JsonObject()
            .put("deployments", new JsonArray(all.stream().map(Deployment::toJson).toList())))));
    }

    private void show(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        read(ctx, workers.executeBlocking(() -> book.get(id), false)
            .onSuccess(found -> found.ifPresentOrElse(d -> ctx.json(d.toJson()), () -> notFound(ctx, id))));
    }

    private void put(RoutingContext ctx) {
        Deployment deployment;
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                throw new IllegalArgumentException("the body must be a deployment as a JSON object");
            }
            deployment = Deployment.fromJson(ctx.pathParam("id"), body);
        } catch (DecodeException | ClassCastException e) {
            Problem.send(ctx, 400, "invalid_deployment", "the body must be a deployment as a JSON object");
            return;
        } catch (IllegalArgumentException e) {
            Problem.send(ctx, 400, "invalid_deployment", e.getMessage());
            return;
        }
        change(ctx, workers.executeBlocking(() -> book.put(deployment), true)
            .onSuccess(created -> ctx.response().setStatusCode(created ? 201 : 200))
            .onSuccess(created -> ctx.json(deployment.toJson())));
    }

    private void delete(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        change(ctx, workers.executeBlocking(() -> book.remove(id), true)
            .onSuccess(removed -> {
                if (removed) {
                    ctx.response().setStatusCode(204).end();
                } else {
                    notFound(ctx, id);
                }
            }));
    }

    /** Answers a change that failed: 409 for a conflict, 503 when the book could not be written. */
    private static void change(RoutingContext ctx, Future<?> change) {
        change.onFailure(e -> {
            if (e instanceof DeploymentBook.ConflictException conflict) {
                Problem.send(ctx, 409, "deployment_conflict", conflict.getMessage());
            } else {
                LOG.warn("Deployments not changed: {}", e.toString());
                Problem.send(ctx, 503, "unavailable", "The deployments could not be written; try again");
            }
        });
    }

    private static void read(RoutingContext ctx, Future<?> read) {
        read.onFailure(e -> {
            LOG.warn("Deployments not read: {}", e.toString());
            Problem.send(ctx, 503, "unavailable", "The deployments could not be read; try again");
        });
    }

    private static void notFound(RoutingContext ctx, String id) {
        Problem.send(ctx, 404, "unknown_deployment", "No deployment " + id);
    }
}
