package org.trapstream.events;

import org.trapstream.common.config.ConfigDef;
import org.trapstream.common.config.GeneralSettings;
import org.trapstream.common.config.HttpSettings;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.common.config.TrapstreamConfig;

import static org.trapstream.common.config.ConfigDef.Importance.HIGH;
import static org.trapstream.common.config.ConfigDef.Importance.LOW;
import static org.trapstream.common.config.ConfigDef.Importance.MEDIUM;
import static org.trapstream.common.config.ConfigDef.Type.DURATION;
import static org.trapstream.common.config.ConfigDef.Type.INT;
import static org.trapstream.common.config.ConfigDef.Type.STRING;
import static org.trapstream.common.config.ConfigDef.Validator.atLeast;

/** The keys the events role reads: how frames group into sequences, its bounds, and the shared Kafka and HTTP. */
public final class EventsConfig {

    public static final String SEQUENCE_GAP = "events.sequence.gap";
    public static final String ALLOWED_LATENESS = "events.allowed.lateness";
    public static final String IDLE_CLOSE = "events.idle.close";
    public static final String MAX_OPEN_FRAMES_PER_CAMERA = "events.max.open.frames.per.camera";
    public static final String MAX_OPEN_FRAMES = "events.max.open.frames";
    public static final String EVENTS_GROUP_ID = "events.group.id";

    public static final ConfigDef DEFINITION = new ConfigDef("events")
        .include(GeneralSettings.DEFINITION, KafkaSettings.DEFINITION, HttpSettings.DEFINITION)
        .define(SEQUENCE_GAP, DURATION, "60s", HIGH,
            "Largest time between two capture times of a camera's frames in one sequence (one event).")
        .define(ALLOWED_LATENESS, DURATION, "2m", MEDIUM,
            "How much earlier than the camera's latest capture time a frame may arrive and still join its sequence; "
                + "a sequence closes once the camera's captures pass its last frame by the gap plus this.")
        .define(IDLE_CLOSE, DURATION, "5m", MEDIUM,
            "Time without frames from a camera (processing time) after which its open sequences close anyway.")
        .define(MAX_OPEN_FRAMES_PER_CAMERA, INT, "200", atLeast(1), LOW,
            "Most frames a camera's open sequences hold; beyond it the oldest sequence is published early "
                + "(`closed_by` `frame_limit`) and the burst goes on in a new event.")
        .define(MAX_OPEN_FRAMES, INT, "20000", atLeast(1), LOW,
            "Most predictions read and not yet in a published event, over all cameras; at it reading pauses until "
                + "sequences close.")
        .define(EVENTS_GROUP_ID, STRING, "trapstream-events", MEDIUM,
            "Consumer group under which the events role commits its position on the predictions topic.");

    private EventsConfig() {
    }

    static SequenceGrouper.Settings grouping(TrapstreamConfig config) {
        return new SequenceGrouper.Settings(config.getDuration(SEQUENCE_GAP), config.getDuration(ALLOWED_LATENESS),
            config.getDuration(IDLE_CLOSE), config.getInt(MAX_OPEN_FRAMES_PER_CAMERA));
    }
}
