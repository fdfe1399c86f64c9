package org.trapstream.classifier;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.metrics.Metrics;
import org.trapstream.common.role.RoleContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.trapstream.testkit.Eventually.eventually;

/** A {@link ClassifierRole} deployed the way the launcher deploys it: its own Vert.x, registry and health. */
final class DeployedClassifier implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final RoleContext context;

    private DeployedClassifier(TrapstreamConfig config) {
        this.context = new RoleContext(config, Metrics.newRegistry());
    }

    static DeployedClassifier deploy(TrapstreamConfig config) {
        DeployedClassifier classifier = new DeployedClassifier(config);
        await(new ClassifierRole().deploy(classifier.vertx, classifier.context));
        return classifier;
    }

    JsonObject health() {
        return context.health().report().getJsonObject("components").getJsonObject("classifier");
    }

    PrometheusMeterRegistry registry() {
        return context.registry();
    }

    /** Waits until {@code version} serves, as the health report says. */
    void awaitServing(String version) {
        eventually(Duration.ofSeconds(30), () -> assertEquals(version, health().getString("model_version")));
    }

    double counter(String name, String... tags) {
        Counter counter = context.registry().find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Starts closing Vert.x and returns at once, as when a pod is killed mid-stream. */
    Future<Void> closeWithoutWaiting() {
        return vertx.close();
    }

    /** Closes Vert.x and waits for the classifier to stop. */
    @Override
    public void close() {
        await(vertx.close());
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
