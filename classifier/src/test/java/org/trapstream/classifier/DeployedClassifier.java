package org.trapstream.classifier;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.role.RoleHost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.trapstream.testkit.Eventually.eventually;

/** A {@link ClassifierRole} deployed the way the launcher deploys it, through the launcher's {@link RoleHost}. */
final class DeployedClassifier implements AutoCloseable {

    private final RoleHost host;

    private DeployedClassifier(RoleHost host) {
        this.host = host;
    }

    static DeployedClassifier deploy(TrapstreamConfig config) {
        return new DeployedClassifier(RoleHost.start(config, List.of(new ClassifierRole())));
    }

    JsonObject health() {
        return host.context().health().report().getJsonObject("components").getJsonObject("classifier");
    }

    PrometheusMeterRegistry registry() {
        return host.context().registry();
    }

    /** Waits until {@code version} serves, as the health report says. */
    void awaitServing(String version) {
        eventually(Duration.ofSeconds(30), () -> assertEquals(version, health().getString("model_version")));
    }

    double counter(String name, String... tags) {
        Counter counter = registry().find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Starts closing Vert.x and returns at once, as when a pod is killed mid-stream. */
    Future<Void> closeWithoutWaiting() {
        return host.vertx().close();
    }

    /** Stops the roles and Vert.x and waits for the classifier to stop. */
    @Override
    public void close() {
        host.close();
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
