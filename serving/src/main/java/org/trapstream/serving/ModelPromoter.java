package org.trapstream.serving;

import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.Producer;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.common.contract.Topics;

/**
 * Changes which version serves, in the registry, and announces it on {@link Topics#MODELS}, where running
 * classifiers swap to it: the one path behind {@code trapstream models promote} and {@code rollback} and the
 * dashboard's operator buttons. An announcement counts once Kafka has acknowledged it. Blocking (file I/O, then
 * the acknowledgement): call it from a worker thread.
 */
public final class ModelPromoter {

    private static final long ACKNOWLEDGEMENT_SECONDS = 30;

    private final ModelRegistry registry;
    private final Optional<Producer<String, byte[]>> producer;

    /**
     * @param producer where announcements go; empty to change the registry only (classifiers then learn of the
     *                 change at their next start)
     */
    public ModelPromoter(ModelRegistry registry, Optional<Producer<String, byte[]>> producer) {
        this.registry = registry;
        this.producer = producer;
    }

    /** Makes {@code version} serve ({@link ModelRegistry#promote}); promoting an older version is a rollback too. */
    public ModelAnnouncement promote(String version) {
        return announce(registry.promote(version));
    }

    /** Serves again the version that served before the current one ({@link ModelRegistry#rollback}). */
    public ModelAnnouncement rollback() {
        return announce(registry.rollback());
    }

    /** Whether changes are announced, or only written to the registry. */
    public boolean announces() {
        return producer.isPresent();
    }

    private ModelAnnouncement announce(ModelAnnouncement announcement) {
        if (producer.isEmpty()) {
            return announcement;
        }
        try {
            producer.get().send(announcement.toProducerRecord()).get(ACKNOWLEDGEMENT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new NotAnnouncedException(announcement, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotAnnouncedException(announcement, e);
        }
        return announcement;
    }

    /**
     * The registry serves the version, but classifiers were not told: promoting the same version again announces
     * it (the registry change is idempotent).
     */
    public static final class NotAnnouncedException extends RuntimeException {

        NotAnnouncedException(ModelAnnouncement announcement, Exception cause) {
            super(announcement.version() + " serves in the registry, but its announcement on " + Topics.MODELS
                + " failed: " + cause.getMessage() + " (promote " + announcement.version() + " again to retry)",
                cause);
        }
    }
}
