package org.trapstream.dashboard;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.trapstream.common.auth.AccessGuard;
import org.trapstream.common.auth.AccessRole;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.http.HttpRoutes;
import org.trapstream.common.http.Problem;
import org.trapstream.common.metrics.Metrics;

/**
 * {@code GET /api/v1/predictions/stream}, for viewers and above: predictions as the dashboard reads them, as
 * server-sent events ({@code event: prediction}, its data the JSON of {@link ViewRoutes#reviewItem}), only those of
 * one camera, one label or at least a confidence when the query says so ({@code camera}, {@code label},
 * {@code min_confidence}), with or without the frames the model marked empty ({@code empty}).
 *
 * <p>The feed consumer {@link #publish publishes} each prediction on the local event bus; every client follows it
 * on its own connection's event loop, so a client's state needs no lock. A client is sent an {@code event: ready}
 * once it follows (what it sees starts there), a comment every {@code dashboard.live.heartbeat}, and, when it
 * reads so slowly that {@code dashboard.live.client.buffer.bytes} queue up for it, an {@code event: end} with
 * reason {@code slow_client}, after which its connection is closed. At most {@code dashboard.live.max.clients}
 * follow at once.
 */
final class LiveRoutes implements HttpRoutes {

    private static final String ADDRESS = "trapstream.dashboard.predictions";
    private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
    private static final String RETRY_AFTER_SECONDS = "5";

    private final AccessGuard guard;
    private final int maxClients;
    private final int bufferBytes;
    private final long heartbeatMillis;
    private final AtomicInteger clients = new AtomicInteger();
    private final Counter slowClients;

    LiveRoutes(AccessGuard guard, int maxClients, int bufferBytes, Duration heartbeat, MeterRegistry registry) {
        this.guard = guard;
        this.maxClients = maxClients;
        this.bufferBytes = bufferBytes;
        this.heartbeatMillis = heartbeat.toMillis();
        Gauge.builder("camtrap.dashboard.live.clients", clients, AtomicInteger::get)
            .description("Browsers following the live prediction stream").register(registry);
        this.slowClients = Metrics.counter(registry, "camtrap.dashboard.live.slow.clients",
            "Live streams ended because their client read too slowly");
    }

    /** Hands a prediction to the clients following the stream in this Vert.x instance. */
    static void publish(Vertx vertx, Prediction prediction) {
        vertx.eventBus().publish(ADDRESS, ViewRoutes.reviewItem(prediction), LOCAL);
    }

    @Override
    public void mount(Router router) {
        // Before GET /api/v1/predictions/:image_id, which would take "stream" for a malformed image id.
        router.get("/api/v1/predictions/stream").handler(guard.atLeast(AccessRole.VIEWER)).handler(this::follow);
    }

    private void follow(RoutingContext ctx) {
        Filter filter;
        try {
            filter = Filter.of(ctx.queryParams());
        } catch (IllegalArgumentException e) {
            Problem.send(ctx, 400, "invalid_filter", e.getMessage());
            return;
        }
        if (clients.incrementAndGet() > maxClients) {
            clients.decrementAndGet();
            ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
            Problem.send(ctx, 503, "too_many_clients",
                "The live stream has as many clients as it may (" + maxClients + "); try again later");
            return;
        }
        new Client(ctx, filter).start();
    }

    /** The predictions one client asked for. */
    record Filter(String cameraId, String label, double minConfidence, EmptyFilter empty) {

        static Filter of(MultiMap query) {
            String confidence = query.get("min_confidence");
            double min = 0;
            if (confidence != null && !confidence.isBlank()) {
                try {
                    min = Double.parseDouble(confidence);
                } catch (NumberFormatException e) {
                    min = Double.NaN;
                }
                if (!(min >= 0 && min <= 1)) {
                    throw new IllegalArgumentException("min_confidence must be a number from 0 to 1");
                }
            }
            return new Filter(blankToNull(query.get("camera")), blankToNull(query.get("label")), min,
                EmptyFilter.of(query.get("empty")));
        }

        boolean matches(JsonObject item) {
            Double confidence = item.getDouble("confidence");
            return (cameraId == null || cameraId.equals(item.getString("camera_id")))
                && (label == null || label.equals(item.getString("label")))
                && (minConfidence == 0 || confidence != null && confidence >= minConfidence)
                && empty.shows(item.getBoolean("empty", false));
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value;
        }
    }

    /** One following browser; everything here runs on its connection's event loop. */
    private final class Client {

        private final RoutingContext ctx;
        private final HttpServerResponse response;
        private final Filter filter;
        private MessageConsumer<JsonObject> consumer;
        private long heartbeat;
        private boolean done;

        Client(RoutingContext ctx, Filter filter) {
            this.ctx = ctx;
            this.response = ctx.response();
            this.filter = filter;
        }

        void start() {
            response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Accel-Buffering", "no")
                .setWriteQueueMaxSize(bufferBytes);
            response.closeHandler(v -> release());
            Vertx vertx = ctx.vertx();
            consumer = vertx.eventBus().<JsonObject>localConsumer(ADDRESS).handler(message -> {
                if (filter.matches(message.body())) {
                    send("event: prediction\ndata: " + message.body().encode() + "\n\n");
                }
            });
            heartbeat = vertx.setPeriodic(heartbeatMillis, id -> send(": heartbeat\n\n"));
            consumer.completion().onComplete(registered -> {
                if (registered.succeeded()) {
                    send("retry: 5000\nevent: ready\ndata: {}\n\n");
                } else {
                    release();
                    ctx.fail(registered.cause());
                }
            });
        }

        private void send(String event) {
            if (done) {
                return;
            }
            if (response.writeQueueFull()) {
                dropSlow();
            } else {
                response.write(event);
            }
        }

        /**
         * Ends the stream of a client that does not keep up, saying why, and closes its connection: once the event
         * has drained to a client that still reads, or after one heartbeat for one that has stalled.
         */
        private void dropSlow() {
            release();
            slowClients.increment();
            long cutOff = ctx.vertx().setTimer(heartbeatMillis, id -> ctx.request().connection().close());
            response.end("event: end\ndata: {\"reason\":\"slow_client\"}\n\n")
                .onComplete(ended -> {
                    ctx.vertx().cancelTimer(cutOff);
                    ctx.request().connection().close();
                });
        }

        private void release() {
            if (done) {
                return;
            }
            done = true;
            clients.decrementAndGet();
            ctx.vertx().cancelTimer(heartbeat);
            consumer.unregister();
        }
    }
}
