package org.trapstream.launcher;

import org.trapstream.classifier.ClassifierConfig;
import org.trapstream.common.config.ConfigDef;
import org.trapstream.dashboard.DashboardConfig;
import org.trapstream.events.EventsConfig;
import org.trapstream.ingest.IngestConfig;
import org.trapstream.trainer.TrainerConfig;

import static org.trapstream.common.config.ConfigDef.Importance.HIGH;
import static org.trapstream.common.config.ConfigDef.Importance.LOW;
import static org.trapstream.common.config.ConfigDef.Importance.MEDIUM;
import static org.trapstream.common.config.ConfigDef.Type.DOUBLE;
import static org.trapstream.common.config.ConfigDef.Type.INT;
import static org.trapstream.common.config.ConfigDef.Type.PATH;
import static org.trapstream.common.config.ConfigDef.Type.STRING;
import static org.trapstream.common.config.ConfigDef.Validator.between;

/**
 * Every key of the whole system: the roles' definitions, composed, and what only {@code run} reads (the
 * embedded broker and the demo camera). {@code run} reads all of them; {@code config} documents and checks them;
 * every other command accepts a properties file that holds any of them, so one file can serve every role.
 */
public final class SystemConfig {

    public static final String KAFKA_EMBEDDED_PORT = "kafka.embedded.port";
    public static final String DEMO_DATASET = "demo.dataset";
    public static final String DEMO_RATE = "demo.rate";
    public static final String DEMO_CAMERA_ID = "demo.camera.id";

    public static final ConfigDef DEFINITION = new ConfigDef("run")
        .include(IngestConfig.DEFINITION, ClassifierConfig.DEFINITION, TrainerConfig.DEFINITION,
            EventsConfig.DEFINITION, DashboardConfig.DEFINITION)
        .define(KAFKA_EMBEDDED_PORT, INT, "9092", between(0, 65535), MEDIUM,
            "Port of the embedded broker on 127.0.0.1 (0 picks a free port).")
        .define(DEMO_DATASET, PATH, "../shared/datasets/honeybee_subspecies", HIGH,
            "Folder dataset the demo camera replays and the bootstrap model trains on (`--dataset DIR`).")
        .define(DEMO_RATE, DOUBLE, "2", between(0, 1000), MEDIUM,
            "Images per second sent by the demo camera (0 turns it off).")
        .define(DEMO_CAMERA_ID, STRING, "demo-cam-01", LOW, "Camera id the demo camera sends with its images.");

    private SystemConfig() {
    }
}
