package org.trapstream.ingest;

import java.time.Duration;

import org.trapstream.common.auth.AuthSettings;
import org.trapstream.common.config.ConfigDef;
import org.trapstream.common.config.GeneralSettings;
import org.trapstream.common.config.HttpSettings;
import org.trapstream.common.config.ImageSettings;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.ImagePayload;
import org.trapstream.image.store.StoreRetention;

import static org.trapstream.common.config.ConfigDef.Importance.HIGH;
import static org.trapstream.common.config.ConfigDef.Importance.LOW;
import static org.trapstream.common.config.ConfigDef.Importance.MEDIUM;
import static org.trapstream.common.config.ConfigDef.Type.DOUBLE;
import static org.trapstream.common.config.ConfigDef.Type.DURATION;
import static org.trapstream.common.config.ConfigDef.Type.INT;
import static org.trapstream.common.config.ConfigDef.Type.LONG;
import static org.trapstream.common.config.ConfigDef.Type.PASSWORD;
import static org.trapstream.common.config.ConfigDef.Type.STRING;
import static org.trapstream.common.config.ConfigDef.Validator.atLeast;
import static org.trapstream.common.config.ConfigDef.Validator.oneOf;

/** The keys the ingest role reads: its own, and the shared data dir, Kafka, HTTP and image limits. */
public final class IngestConfig {

    public static final String INGEST_GROUP_ID = "ingest.group.id";
    public static final String INGEST_WORKER_THREADS = "ingest.worker.threads";
    public static final String INGEST_MAX_IN_FLIGHT = "ingest.max.in.flight";
    public static final String INGEST_IMAGE_PAYLOAD = "ingest.image.payload";
    public static final String INGEST_HTTP_MAX_UPLOADS = "ingest.http.max.uploads";
    public static final String INGEST_HTTP_CAMERA_RATE = "ingest.http.camera.rate";
    public static final String INGEST_HTTP_CAMERA_BURST = "ingest.http.camera.burst";
    public static final String INGEST_HTTP_CAMERA_KEYS = "ingest.http.camera.keys";
    public static final String INGEST_HTTP_CREDENTIAL_RATE = "ingest.http.credential.rate";
    public static final String INGEST_HTTP_CREDENTIAL_BURST = "ingest.http.credential.burst";
    public static final String INGEST_DEVICES = "ingest.devices";
    public static final String INGEST_PEOPLE = "ingest.people";
    public static final String INGEST_DEPLOYMENTS_FILE = "ingest.deployments.file";
    public static final String RETENTION_MAX_AGE = "image.store.retention.max.age";
    public static final String RETENTION_MAX_BYTES = "image.store.retention.max.bytes";
    public static final String RETENTION_MIN_AGE = "image.store.retention.min.age";
    public static final String RETENTION_INTERVAL = "image.store.retention.interval";

    public static final ConfigDef DEFINITION = new ConfigDef("ingest")
        .include(GeneralSettings.DEFINITION, KafkaSettings.DEFINITION, HttpSettings.DEFINITION,
            ImageSettings.DEFINITION, AuthSettings.DEFINITION)
        .define(INGEST_DEVICES, PASSWORD, "", HIGH,
            "Comma-separated credentials of the cameras and gateways that may upload over HTTP: "
                + "`camera:CAMERA_ID:HASH` uploads for that camera only, `gateway:NAME:PATTERN|PATTERN:HASH` for "
                + "the cameras the patterns match (`*` for any characters). HASH is the stored form printed by "
                + "`trapstream credentials hash`. Empty refuses every upload over HTTP.")
        .define(INGEST_PEOPLE, PASSWORD, "", HIGH,
            "Comma-separated credentials of the people who manage deployments at `/api/v1/deployments`: "
                + "`name:role:HASH`, role `viewer` (lists them) or `operator` (also adds, changes and removes them). "
                + "Empty refuses everyone.")
        .define(INGEST_DEPLOYMENTS_FILE, STRING, "", MEDIUM,
            "A Camtrap DP `deployments.csv` whose `cameraID` is the camera id images carry. At start its deployments "
                + "replace those of the same `deploymentID` among the ones kept in the data dir (others are managed "
                + "over HTTP); a camera's clock keeps the UTC offset its `deploymentStart` is written with. Empty "
                + "reads no table.")
        .define(INGEST_GROUP_ID, STRING, "trapstream-ingest", MEDIUM,
            "Consumer group of the ingest role on the raw image topic.")
        .define(INGEST_WORKER_THREADS, INT, "2", atLeast(1), MEDIUM,
            "Worker threads that hash, validate and store incoming images.")
        .define(INGEST_MAX_IN_FLIGHT, INT, "32", atLeast(1), LOW,
            "Raw images consumed but not yet acknowledged by Kafka; at this bound ingest pauses the raw topic.")
        .define(INGEST_IMAGE_PAYLOAD, STRING, "stored",
            oneOf(ImagePayload.STORED.code(), ImagePayload.INLINE.code()), MEDIUM,
            "How `camtrap.images` carries each image: `stored` sends a reference to the image store in the data "
                + "dir, which every role shares (small records, no second copy in Kafka); `inline` sends the bytes, "
                + "for classifiers that cannot mount the data dir. Classifiers read both.")
        .define(INGEST_HTTP_MAX_UPLOADS, INT, "16", atLeast(1), MEDIUM,
            "Uploads received or processed at once; one more is answered 503 with `Retry-After` before its body "
                + "is read. Each holds up to `image.max.bytes` in memory while it is checked.")
        .define(INGEST_HTTP_CAMERA_RATE, DOUBLE, "5", atLeast(0), MEDIUM,
            "Uploads per second each camera id earns (a token bucket); a camera over it is answered 429 with "
                + "`Retry-After`. 0 turns the limit off.")
        .define(INGEST_HTTP_CAMERA_BURST, INT, "50", atLeast(1), LOW,
            "Uploads a camera may send at once before `ingest.http.camera.rate` paces it (the bucket's size).")
        .define(INGEST_HTTP_CAMERA_KEYS, INT, "10000", atLeast(1), LOW,
            "Camera ids whose rate is tracked; the least recently seen is forgotten first, so made-up ids cost "
                + "bounded memory.")
        .define(INGEST_HTTP_CREDENTIAL_RATE, DOUBLE, "50", atLeast(0), MEDIUM,
            "Uploads per second each credential earns (a token bucket), whichever cameras it sends for: a "
                + "gateway's whole traffic, or a leaked camera credential reused under many camera ids; over it, 429 "
                + "with `Retry-After`. 0 turns the limit off.")
        .define(INGEST_HTTP_CREDENTIAL_BURST, INT, "200", atLeast(1), LOW,
            "Uploads a credential may send at once before `ingest.http.credential.rate` paces it.")
        // Off by default: an upgrade must not start deleting images nobody chose to let go.
        .define(RETENTION_MAX_AGE, DURATION, "0d", atLeast(Duration.ZERO), MEDIUM,
            "Stored images older than this (by file time: when ingest last stored them) are deleted, unless labelled "
                + "or awaiting review. 0 keeps images whatever their age.")
        .define(RETENTION_MAX_BYTES, LONG, "0", atLeast(0), MEDIUM,
            "Largest total size of the stored images, in bytes; above it the oldest are deleted first, labelled and "
                + "review images aside. Leave room on the volume for the labels, models and a day of images. "
                + "0 sets no bound.")
        .define(RETENTION_MIN_AGE, DURATION, "6h", atLeast(Duration.ofMinutes(1)), LOW,
            "Images younger than this are never deleted, whatever the bounds say: they may still be on their way "
                + "through the classifiers and into review. Longer than the classifiers' worst backlog.")
        .define(RETENTION_INTERVAL, DURATION, "15m", atLeast(Duration.ofSeconds(1)), LOW,
            "Time between sweeps of the image store (each lists the whole store) while a retention bound is set.");

    private IngestConfig() {
    }

    /** The image store's retention bounds; {@link StoreRetention.Policy#bounded} is false while both are off. */
    public static StoreRetention.Policy retention(TrapstreamConfig config) {
        return new StoreRetention.Policy(config.getDuration(RETENTION_MAX_AGE), config.getLong(RETENTION_MAX_BYTES),
            config.getDuration(RETENTION_MIN_AGE));
    }

    /** How ingest publishes accepted images on {@code camtrap.images}. */
    public static ImagePayload imagePayload(TrapstreamConfig config) {
        return ImagePayload.fromCode(config.getString(INGEST_IMAGE_PAYLOAD));
    }
}
