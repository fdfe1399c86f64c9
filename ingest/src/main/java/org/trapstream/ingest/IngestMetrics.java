package org.trapstream.ingest;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import org.trapstream.common.contract.CaptureTimeBasis;
import org.trapstream.common.contract.RejectReason;
import org.trapstream.common.metrics.Metrics;

/**
 * Ingest's meters. Every tag has a small, fixed set of values: source (http, kafka), outcome (accepted,
 * duplicate, rejected), reason (the {@link RejectReason} codes, and the {@link UploadAdmission.Shed} codes of
 * uploads shed unread), part (the {@link CaptureMetadataReader.Part} codes), basis (the {@link CaptureTimeBasis}
 * codes).
 */
final class IngestMetrics {

    private static final String IMAGES = "camtrap.ingest.images";
    private static final String REJECTIONS = "camtrap.ingest.rejections";
    private static final String SIZE = "camtrap.ingest.image.size";
    private static final String PROCESSING = "camtrap.ingest.processing";
    private static final String FAILURES = "camtrap.ingest.failures";
    private static final String IN_FLIGHT = "camtrap.ingest.in.flight";
    private static final String SHED = "camtrap.ingest.http.shed";
    private static final String UPLOADS_IN_FLIGHT = "camtrap.ingest.http.uploads.in.flight";
    private static final String METADATA_DROPPED = "camtrap.ingest.capture.metadata.dropped";
    private static final String CAPTURE_TIMES = "camtrap.ingest.capture.times";
    private static final String[] OUTCOMES = {"accepted", "duplicate", "rejected"};

    private final MeterRegistry registry;
    private final Map<IntakeSource, DistributionSummary> sizes = new EnumMap<>(IntakeSource.class);

    IngestMetrics(MeterRegistry registry, int maxImageBytes) {
        this.registry = registry;
        for (IntakeSource source : IntakeSource.values()) {
            // registered up front so that rate() has a zero to start from
            for (String outcome : OUTCOMES) {
                images(source, outcome);
            }
            failures(source);
            sizes.put(source, DistributionSummary.builder(SIZE)
                .description("Size of the images read, whatever became of them")
                .baseUnit(BaseUnits.BYTES)
                .tag("source", source.tag())
                .publishPercentileHistogram()
                .minimumExpectedValue(1024.0)
                .maximumExpectedValue((double) maxImageBytes)
                .register(registry));
        }
        for (UploadAdmission.Shed reason : UploadAdmission.Shed.values()) {
            shedCounter(reason);
        }
        for (CaptureMetadataReader.Part part : CaptureMetadataReader.Part.values()) {
            metadataDropped(part);
        }
        for (CaptureTimeBasis basis : CaptureTimeBasis.values()) {
            captureTimes(basis);
        }
    }

    /** Parts of an image's capture metadata left out as unreadable or senseless; the image went on without them. */
    void dropped(Set<CaptureMetadataReader.Part> parts) {
        parts.forEach(part -> metadataDropped(part).increment());
    }

    /** A capture time placed in time, by how. */
    void placed(CaptureTimeBasis basis) {
        captureTimes(basis).increment();
    }

    /** An image whose outcome Kafka acknowledged. */
    void record(IntakeSource source, IntakeOutcome outcome, int bytes, long elapsedNanos) {
        images(source, outcome.tag()).increment();
        if (outcome instanceof IntakeOutcome.Rejected rejected) {
            rejections(source, rejected.letter().reason()).increment();
        }
        sizes.get(source).record(bytes);
        Timer.builder(PROCESSING)
            .description("From receipt to Kafka's acknowledgement of the outcome")
            .tags("source", source.tag(), "outcome", outcome.tag())
            .publishPercentileHistogram()
            .register(registry)
            .record(elapsedNanos, TimeUnit.NANOSECONDS);
    }

    /** A body refused unread (over the size limit): answered, counted, but nothing to dead-letter. */
    void refused(IntakeSource source, RejectReason reason) {
        images(source, "rejected").increment();
        rejections(source, reason).increment();
    }

    /** No outcome could be recorded (Kafka did not acknowledge, the store failed): the image is tried again. */
    void failed(IntakeSource source) {
        failures(source).increment();
    }

    /** An upload answered 503 or 429 before a byte of its body was read. */
    void shed(UploadAdmission.Shed reason) {
        shedCounter(reason).increment();
    }

    /** Uploads being received or processed. */
    void trackUploads(UploadAdmission admission) {
        Gauge.builder(UPLOADS_IN_FLIGHT, admission, UploadAdmission::inFlight)
            .description("Uploads being received or processed")
            .register(registry);
    }

    /** Raw records consumed whose outcome Kafka has not acknowledged yet. */
    void trackInFlight(RawImageConsumer consumer) {
        Gauge.builder(IN_FLIGHT, consumer, RawImageConsumer::inFlight)
            .description("Raw images consumed whose outcome Kafka has not acknowledged yet")
            .register(registry);
    }

    private Counter images(IntakeSource source, String outcome) {
        return Metrics.counter(registry, IMAGES, "Images whose outcome Kafka acknowledged, by source and outcome",
            "source", source.tag(), "outcome", outcome);
    }

    private Counter rejections(IntakeSource source, RejectReason reason) {
        return Metrics.counter(registry, REJECTIONS, "Rejected images by reason",
            "source", source.tag(), "reason", reason.code());
    }

    private Counter shedCounter(UploadAdmission.Shed reason) {
        return Metrics.counter(registry, SHED,
            "Uploads answered before their body was read: overloaded (503) or over the camera's rate (429)",
            "reason", reason.code());
    }

    private Counter metadataDropped(CaptureMetadataReader.Part part) {
        return Metrics.counter(registry, METADATA_DROPPED,
            "Images let through without part of their capture metadata, which could not be read (all: none of it)",
            "part", part.code());
    }

    private Counter captureTimes(CaptureTimeBasis basis) {
        return Metrics.counter(registry, CAPTURE_TIMES,
            "Capture times of images validated, by how they became an instant (assumed_utc: no offset, no deployment)",
            "basis", basis.code());
    }

    private Counter failures(IntakeSource source) {
        return Metrics.counter(registry, FAILURES,
            "Images without a recorded outcome (Kafka or the store failed), retried by the sender or the raw consumer",
            "source", source.tag());
    }
}
