package org.trapstream.events;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.trapstream.common.contract.CaptureEvent;
import org.trapstream.common.contract.CaptureEvent.ClosedBy;
import org.trapstream.common.contract.EnumCodes;
import org.trapstream.common.metrics.Metrics;
import org.trapstream.events.SequenceGrouper.Placement;

/**
 * The events role's meters: events published by why their sequence closed ({@code camtrap_events_published_total}),
 * frames per event ({@code camtrap_events_frames}), predictions read by where they went, late ones attached or
 * dropped among them ({@code camtrap_events_predictions_total}), and the frames waiting in open sequences. Every tag
 * has a fixed set of values.
 */
final class EventsMetrics {

    /** Why a prediction is in no event, besides the grouper's own {@link Placement}s. */
    enum Skipped { MALFORMED, NO_CAPTURE_TIME }

    private final Map<ClosedBy, Counter> published = new EnumMap<>(ClosedBy.class);
    private final Map<Placement, Counter> placed = new EnumMap<>(Placement.class);
    private final Map<Skipped, Counter> skipped = new EnumMap<>(Skipped.class);
    private final DistributionSummary framesPerEvent;

    EventsMetrics(MeterRegistry registry, IntSupplier openFrames) {
        for (ClosedBy reason : ClosedBy.values()) {
            published.put(reason, Metrics.counter(registry, "camtrap.events.published",
                "Events published, by why their sequence closed", "closed_by", reason.code()));
        }
        for (Placement placement : Placement.values()) {
            placed.put(placement, predictions(registry, EnumCodes.of(placement)));
        }
        for (Skipped reason : Skipped.values()) {
            skipped.put(reason, predictions(registry, EnumCodes.of(reason)));
        }
        framesPerEvent = DistributionSummary.builder("camtrap.events.frames")
            .description("Frames per published event")
            .serviceLevelObjectives(1, 2, 3, 5, 10, 20, 50, 100)
            .register(registry);
        Gauge.builder("camtrap.events.open.frames", openFrames::getAsInt)
            .description("Frames waiting in open sequences, over all cameras")
            .register(registry);
    }

    private static Counter predictions(MeterRegistry registry, String outcome) {
        return Metrics.counter(registry, "camtrap.events.predictions",
            "Predictions the events role read, by where they went (late frames attached or dropped among them)",
            "outcome", outcome);
    }

    void placed(Placement placement) {
        placed.get(placement).increment();
    }

    void skipped(Skipped reason) {
        skipped.get(reason).increment();
    }

    void published(CaptureEvent event) {
        published.get(event.closedBy()).increment();
        framesPerEvent.record(event.frames().size());
    }
}
