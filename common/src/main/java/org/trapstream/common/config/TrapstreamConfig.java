package org.trapstream.common.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.trapstream.common.contract.ImagePayload;

import static org.trapstream.common.config.ConfigDef.Type.BOOLEAN;
import static org.trapstream.common.config.ConfigDef.Type.DOUBLE;
import static org.trapstream.common.config.ConfigDef.Type.DURATION;
import static org.trapstream.common.config.ConfigDef.Type.INT;
import static org.trapstream.common.config.ConfigDef.Type.LIST;
import static org.trapstream.common.config.ConfigDef.Type.LONG;
import static org.trapstream.common.config.ConfigDef.Type.PASSWORD;
import static org.trapstream.common.config.ConfigDef.Type.PATH;
import static org.trapstream.common.config.ConfigDef.Type.STRING;
import static org.trapstream.common.config.ConfigDef.Validator.atLeast;
import static org.trapstream.common.config.ConfigDef.Validator.between;

/**
 * Every configuration key of every Trapstream role, defined once.
 *
 * <p>Values come from, in rising precedence: the defaults below, a properties file
 * ({@code --config FILE}), environment variables ({@code TRAPSTREAM_DATA_DIR} for {@code data.dir}),
 * and command-line flags ({@code --data.dir=DIR} or {@code --data.dir DIR}).
 */
public final class TrapstreamConfig {

    public static final String GROUP_GENERAL = "general";
    public static final String GROUP_KAFKA = "kafka";
    public static final String GROUP_HTTP = "http";
    public static final String GROUP_IMAGES = "images";
    public static final String GROUP_CLASSIFIER = "classifier";
    public static final String GROUP_TRAINER = "trainer";
    public static final String GROUP_DASHBOARD = "dashboard";
    public static final String GROUP_DEMO = "demo";

    // general
    public static final String DATA_DIR = "data.dir";
    // kafka
    public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    public static final String KAFKA_EMBEDDED_PORT = "kafka.embedded.port";
    public static final String KAFKA_TOPIC_PARTITIONS = "kafka.topic.partitions";
    public static final String KAFKA_TOPIC_REPLICATION = "kafka.topic.replication.factor";
    public static final String KAFKA_SECURITY_PROTOCOL = "kafka.security.protocol";
    public static final String KAFKA_SASL_MECHANISM = "kafka.sasl.mechanism";
    public static final String KAFKA_SASL_USERNAME = "kafka.sasl.username";
    public static final String KAFKA_SASL_PASSWORD = "kafka.sasl.password";
    public static final String KAFKA_SSL_TRUSTSTORE_LOCATION = "kafka.ssl.truststore.location";
    public static final String KAFKA_SSL_TRUSTSTORE_PASSWORD = "kafka.ssl.truststore.password";
    public static final String KAFKA_SSL_TRUSTSTORE_TYPE = "kafka.ssl.truststore.type";
    public static final String KAFKA_SSL_KEYSTORE_LOCATION = "kafka.ssl.keystore.location";
    public static final String KAFKA_SSL_KEYSTORE_PASSWORD = "kafka.ssl.keystore.password";
    public static final String KAFKA_SSL_KEYSTORE_TYPE = "kafka.ssl.keystore.type";
    public static final String KAFKA_SSL_KEY_PASSWORD = "kafka.ssl.key.password";
    // http
    public static final String HTTP_HOST = "http.host";
    public static final String HTTP_PORT = "http.port";
    // images
    public static final String IMAGE_MAX_BYTES = "image.max.bytes";
    public static final String IMAGE_MAX_PIXELS = "image.max.pixels";
    public static final String IMAGE_MIN_SIDE = "image.min.side";
    public static final String IMAGE_PROGRESSIVE_PIXEL_SHARE = "image.progressive.pixel.share";
    public static final String INGEST_GROUP_ID = "ingest.group.id";
    public static final String INGEST_WORKER_THREADS = "ingest.worker.threads";
    public static final String INGEST_MAX_IN_FLIGHT = "ingest.max.in.flight";
    public static final String INGEST_IMAGE_PAYLOAD = "ingest.image.payload";
    // classifier
    public static final String CLASSIFIER_GROUP_ID = "classifier.group.id";
    public static final String BATCH_MAX_SIZE = "classifier.batch.max.size";
    public static final String BATCH_MAX_DELAY = "classifier.batch.max.delay";
    public static final String DECODE_THREADS = "classifier.decode.threads";
    public static final String INFERENCE_THREADS = "classifier.inference.threads";
    public static final String ONNX_THREADS = "classifier.onnx.threads";
    public static final String MAX_IN_FLIGHT = "classifier.max.in.flight";
    public static final String CLASSIFIER_DRAIN_TIMEOUT = "classifier.drain.timeout";
    public static final String TOP_K = "classifier.top.k";
    public static final String REVIEW_MIN_CONFIDENCE = "review.min.confidence";
    public static final String REVIEW_MIN_MARGIN = "review.min.margin";
    public static final String REVIEW_SAMPLE_RATE = "review.sample.rate";
    // trainer
    public static final String TRAIN_IMAGE_SIZE = "trainer.image.size";
    public static final String TRAIN_EPOCHS = "trainer.epochs";
    public static final String TRAIN_BATCH_SIZE = "trainer.batch.size";
    public static final String TRAIN_LEARNING_RATE = "trainer.learning.rate";
    public static final String TRAIN_SEED = "trainer.seed";
    public static final String TRAIN_PATIENCE = "trainer.early.stopping.patience";
    public static final String TRAIN_AUGMENT = "trainer.augment";
    public static final String RETRAIN_MIN_LABELS = "trainer.retrain.min.labels";
    public static final String RETRAIN_INTERVAL = "trainer.retrain.interval";
    public static final String PROMOTION_TOLERANCE = "trainer.promotion.tolerance";
    public static final String TRAINER_GROUP_ID = "trainer.group.id";
    public static final String SPLIT_VALIDATION_PERCENT = "trainer.split.validation.percent";
    public static final String SPLIT_EVALUATION_PERCENT = "trainer.split.evaluation.percent";
    public static final String PROMOTION_MAX_RECALL_DROP = "trainer.promotion.max.recall.drop";
    public static final String PROMOTION_MIN_CLASS_SUPPORT = "trainer.promotion.min.class.support";
    public static final String RETRAIN_FULL_EVERY = "trainer.retrain.full.every";
    public static final String TRAIN_ARCHITECTURE = "trainer.architecture";
    public static final String TRAIN_LR_SCHEDULE = "trainer.lr.schedule";
    public static final String TRAIN_LR_MAX = "trainer.lr.max";
    public static final String TRAIN_LR_STEP_EPOCHS = "trainer.lr.step.epochs";
    public static final String TRAIN_CLASS_WEIGHTS = "trainer.class.weights";
    public static final String LABELER_TOKENS = "labeler.tokens";
    // dashboard
    public static final String VIEW_CAPACITY = "dashboard.view.capacity";
    public static final String REVIEW_CAPACITY = "dashboard.review.capacity";
    public static final String DASHBOARD_IO_THREADS = "dashboard.io.threads";
    // demo
    public static final String DEMO_DATASET = "demo.dataset";
    public static final String DEMO_RATE = "demo.rate";
    public static final String DEMO_CAMERA_ID = "demo.camera.id";

    public static final ConfigDef DEFINITION = new ConfigDef()
        .define(DATA_DIR, PATH, "./data", GROUP_GENERAL,
            "Directory that holds the image store, the model registry, labels and the embedded broker's log.")
        .define(KAFKA_BOOTSTRAP_SERVERS, STRING, "", GROUP_KAFKA,
            "Kafka bootstrap servers (HOST:PORT,...). Empty in `run`: start an embedded single-node KRaft broker. "
                + "Required by the single-role commands (also `--kafka HOST:PORT`).")
        .define(KAFKA_EMBEDDED_PORT, INT, "9092", between(0, 65535), GROUP_KAFKA,
            "Port of the embedded broker on 127.0.0.1 (0 picks a free port).")
        .define(KAFKA_TOPIC_PARTITIONS, INT, "6", atLeast(1), GROUP_KAFKA,
            "Partitions of the image, prediction and review topics when Trapstream creates them; "
                + "the upper bound on classifier instances that share the work.")
        .define(KAFKA_TOPIC_REPLICATION, INT, "1", atLeast(1), GROUP_KAFKA,
            "Replication factor of the topics Trapstream creates.")
        .define(KAFKA_SECURITY_PROTOCOL, STRING, "PLAINTEXT",
            ConfigDef.Validator.oneOf("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"), GROUP_KAFKA,
            "How every Kafka client connects: `PLAINTEXT`, `SSL` (TLS), `SASL_PLAINTEXT` or `SASL_SSL` (TLS + SASL).")
        .define(KAFKA_SASL_MECHANISM, STRING, "PLAIN", ConfigDef.Validator.oneOf("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"),
            GROUP_KAFKA, "SASL mechanism of the SASL_* protocols: `PLAIN`, `SCRAM-SHA-256` or `SCRAM-SHA-512`.")
        .define(KAFKA_SASL_USERNAME, STRING, "", GROUP_KAFKA, "SASL username; required by the SASL_* protocols.")
        .define(KAFKA_SASL_PASSWORD, PASSWORD, "", GROUP_KAFKA, "SASL password of that user; pass it from a secret (environment variable), it is never printed.")
        .define(KAFKA_SSL_TRUSTSTORE_LOCATION, PATH, "", GROUP_KAFKA,
            "Trust store with the brokers' CA for SSL and SASL_SSL; empty trusts the JVM's default CAs.")
        .define(KAFKA_SSL_TRUSTSTORE_PASSWORD, PASSWORD, "", GROUP_KAFKA, "Password of the trust store, if it has one.")
        .define(KAFKA_SSL_TRUSTSTORE_TYPE, STRING, "PKCS12", ConfigDef.Validator.oneOf("PKCS12", "JKS", "PEM"), GROUP_KAFKA,
            "Format of the trust store file.")
        .define(KAFKA_SSL_KEYSTORE_LOCATION, PATH, "", GROUP_KAFKA,
            "Key store with the client's certificate for mutual TLS; empty sends no client certificate.")
        .define(KAFKA_SSL_KEYSTORE_PASSWORD, PASSWORD, "", GROUP_KAFKA, "Password of the client key store.")
        .define(KAFKA_SSL_KEYSTORE_TYPE, STRING, "PKCS12", ConfigDef.Validator.oneOf("PKCS12", "JKS", "PEM"), GROUP_KAFKA,
            "Format of the client key store file.")
        .define(KAFKA_SSL_KEY_PASSWORD, PASSWORD, "", GROUP_KAFKA,
            "Password of the private key in the client key store, when it differs from the store's.")
        .define(HTTP_HOST, STRING, "127.0.0.1", GROUP_HTTP, "Address the HTTP server binds to.")
        .define(HTTP_PORT, INT, "8080", between(0, 65535), GROUP_HTTP, "Port of the HTTP server (0 picks a free port).")
        .define(IMAGE_MAX_BYTES, INT, "16777216", between(1024, 67108864), GROUP_IMAGES,
            "Largest accepted image, in bytes; larger ones are rejected with reason `too_large`.")
        .define(IMAGE_MAX_PIXELS, LONG, "50000000", atLeast(1), GROUP_IMAGES,
            "Largest accepted width x height, read from the header before decoding (decompression-bomb guard).")
        .define(IMAGE_MIN_SIDE, INT, "16", atLeast(1), GROUP_IMAGES,
            "Smallest accepted width or height in pixels; smaller images are rejected with reason `too_small`.")
        .define(IMAGE_PROGRESSIVE_PIXEL_SHARE, DOUBLE, "0.5", between(0.01, 1), GROUP_IMAGES,
            "Share of `image.max.pixels` a progressive JPEG may claim: its decoder holds every DCT coefficient, "
                + "up to 6 bytes per pixel, where a baseline JPEG is decoded a row at a time.")
        .define(INGEST_GROUP_ID, STRING, "trapstream-ingest", GROUP_IMAGES,
            "Consumer group of the ingest role on the raw image topic.")
        .define(INGEST_WORKER_THREADS, INT, "2", atLeast(1), GROUP_IMAGES,
            "Worker threads that hash, validate and store incoming images.")
        .define(INGEST_MAX_IN_FLIGHT, INT, "32", atLeast(1), GROUP_IMAGES,
            "Raw images consumed but not yet acknowledged by Kafka; at this bound ingest pauses the raw topic.")
        .define(INGEST_IMAGE_PAYLOAD, STRING, "stored", ConfigDef.Validator.oneOf(
                Arrays.stream(ImagePayload.values()).map(ImagePayload::code).toArray(String[]::new)), GROUP_IMAGES,
            "How `camtrap.images` carries each image: `stored` sends a reference to the image store in the data "
                + "dir, which every role shares (small records, no second copy in Kafka); `inline` sends the bytes, "
                + "for classifiers that cannot mount the data dir. Classifiers read both.")
        .define(CLASSIFIER_GROUP_ID, STRING, "trapstream-classifier", GROUP_CLASSIFIER,
            "Consumer group shared by all classifier instances; Kafka spreads the partitions over them.")
        .define(BATCH_MAX_SIZE, INT, "16", between(1, 512), GROUP_CLASSIFIER,
            "Largest micro-batch run through the model at once (1 turns batching off).")
        .define(BATCH_MAX_DELAY, DURATION, "20ms", GROUP_CLASSIFIER,
            "Longest time the oldest image of an unfilled batch waits for company before the batch runs.")
        .define(DECODE_THREADS, INT, "2", atLeast(1), GROUP_CLASSIFIER,
            "Worker threads that decode and preprocess images.")
        .define(INFERENCE_THREADS, INT, "1", atLeast(1), GROUP_CLASSIFIER,
            "Inference threads, each with its own copy of the model.")
        .define(ONNX_THREADS, INT, "1", atLeast(1), GROUP_CLASSIFIER,
            "ONNX Runtime threads per inference thread, for imported networks: with one inference thread per core, "
                + "1; with one inference thread on a many-core node, the cores it may use.")
        .define(MAX_IN_FLIGHT, INT, "256", atLeast(1), GROUP_CLASSIFIER,
            "Images consumed but not yet acknowledged; at this bound the consumer pauses its partitions.")
        .define(CLASSIFIER_DRAIN_TIMEOUT, DURATION, "10s", GROUP_CLASSIFIER,
            "On shutdown, how long the classifier keeps finishing the images in flight (so their offsets get "
                + "committed) before it leaves the rest to the partitions' next owner.")
        .define(TOP_K, INT, "3", atLeast(1), GROUP_CLASSIFIER, "Labels listed with their confidences in each prediction.")
        .define(REVIEW_MIN_CONFIDENCE, DOUBLE, "0.6", between(0, 1), GROUP_CLASSIFIER,
            "Predictions whose top-1 confidence is below this also go to the review queue.")
        .define(REVIEW_MIN_MARGIN, DOUBLE, "0.15", between(0, 1), GROUP_CLASSIFIER,
            "Predictions whose top-1 confidence exceeds the second label's by less than this go to review.")
        .define(REVIEW_SAMPLE_RATE, DOUBLE, "0.02", between(0, 1), GROUP_CLASSIFIER,
            "Fraction of confident predictions also sent to review as a random quality sample.")
        .define(TRAIN_IMAGE_SIZE, INT, "64", between(16, 512), GROUP_TRAINER,
            "Side of the square model input, in pixels, for newly trained models.")
        .define(TRAIN_EPOCHS, INT, "4", atLeast(1), GROUP_TRAINER, "Training epochs of a new model.")
        .define(TRAIN_BATCH_SIZE, INT, "32", atLeast(1), GROUP_TRAINER, "Mini-batch size during training.")
        .define(TRAIN_LEARNING_RATE, DOUBLE, "0.001", between(1e-7, 10), GROUP_TRAINER, "Base learning rate.")
        .define(TRAIN_SEED, LONG, "42", GROUP_TRAINER, "Random seed for weights, shuffling and augmentation.")
        .define(TRAIN_PATIENCE, INT, "3", atLeast(1), GROUP_TRAINER,
            "Training stops after this many epochs without a lower validation loss; the best epoch's weights are kept.")
        .define(TRAIN_AUGMENT, BOOLEAN, "true", GROUP_TRAINER,
            "Randomly flip, rotate, zoom, shift and brighten training images each epoch (never validation or test images).")
        .define(RETRAIN_MIN_LABELS, INT, "50", atLeast(1), GROUP_TRAINER,
            "New feedback labels that trigger a retraining run.")
        .define(RETRAIN_INTERVAL, DURATION, "30m", GROUP_TRAINER,
            "A retraining run also starts this long after the last one when any new label has arrived.")
        .define(PROMOTION_TOLERANCE, DOUBLE, "0.01", between(0, 1), GROUP_TRAINER,
            "A candidate is promoted when its macro-F1 is at least the current model's minus this.")
        .define(TRAINER_GROUP_ID, STRING, "trapstream-trainer", GROUP_TRAINER,
            "Consumer group of the trainer on the feedback topic.")
        .define(SPLIT_VALIDATION_PERCENT, INT, "10", between(1, 45), GROUP_TRAINER,
            "Percentage of labelled images, chosen by a hash of the image id, held out to validate during training. "
                + "Changing it moves images between splits: compare model versions only under the same split.")
        .define(SPLIT_EVALUATION_PERCENT, INT, "10", between(1, 45), GROUP_TRAINER,
            "Percentage of labelled images, chosen by a hash of the image id, frozen for evaluation: never trained on, "
                + "the same images score the candidate and the current model.")
        .define(PROMOTION_MAX_RECALL_DROP, DOUBLE, "0.25", between(0, 1), GROUP_TRAINER,
            "A candidate is rejected when the recall of any class drops by more than this against the current model.")
        .define(PROMOTION_MIN_CLASS_SUPPORT, INT, "5", atLeast(1), GROUP_TRAINER,
            "Evaluation images a class needs before a drop of its recall can block a promotion.")
        .define(RETRAIN_FULL_EVERY, INT, "5", atLeast(0), GROUP_TRAINER,
            "Retraining normally fine-tunes the serving model's head on frozen features; every Nth run in a row trains "
                + "the whole network from scratch instead, so the features learn from the new labels too (0: only when "
                + "a label disappeared or no model serves).")
        .define(TRAIN_ARCHITECTURE, STRING, "seed-cnn",
            ConfigDef.Validator.oneOf("seed-cnn", "squeezenet", "resnet50", "vgg16"), GROUP_TRAINER,
            "Network the `train` command trains: the small seed CNN, or a DL4J zoo architecture from random weights "
                + "(`--weights FILE` starts from an operator's model file instead; nothing is downloaded). Zoo networks "
                + "need larger inputs (squeezenet >= 32 px, resnet50 >= 72, vgg16 >= 32) and are slow on a CPU.")
        .define(TRAIN_LR_SCHEDULE, STRING, "constant", ConfigDef.Validator.oneOf("constant", "triangular"), GROUP_TRAINER,
            "Learning-rate schedule: `constant` (trainer.learning.rate), or `triangular` cyclical learning rates "
                + "(Smith 2017) rising linearly from trainer.learning.rate to trainer.lr.max and back every "
                + "2 x trainer.lr.step.epochs epochs. `trapstream lr-find` suggests the bounds.")
        .define(TRAIN_LR_MAX, DOUBLE, "0.006", between(1e-7, 10), GROUP_TRAINER,
            "Upper learning rate of the triangular schedule.")
        .define(TRAIN_LR_STEP_EPOCHS, DOUBLE, "2", between(0.05, 1000), GROUP_TRAINER,
            "Half a cycle of the triangular schedule, in epochs (Smith recommends 2 to 10).")
        .define(TRAIN_CLASS_WEIGHTS, STRING, "none", ConfigDef.Validator.oneOf("none", "balanced"), GROUP_TRAINER,
            "Class weights in the training loss: `none`, or `balanced` (each class weighted by images / "
                + "(classes x images of the class) in the training split, so rare classes count as much as common ones).")
        .define(LABELER_TOKENS, PASSWORD, "", GROUP_TRAINER,
            "Comma-separated bearer tokens accepted from labelers (name:token pairs); empty refuses all feedback over HTTP.")
        .define(VIEW_CAPACITY, INT, "100000", atLeast(1), GROUP_DASHBOARD,
            "Most recent predictions and rejections kept in memory for `GET /api/v1/predictions/{id}`.")
        .define(REVIEW_CAPACITY, INT, "10000", atLeast(1), GROUP_DASHBOARD,
            "Open review items kept in memory for the labeler page; beyond it the oldest open items drop off the page.")
        .define(DASHBOARD_IO_THREADS, INT, "2", atLeast(1), GROUP_DASHBOARD,
            "Worker threads that read images from the store for the labeler page and check feedback against it.")
        .define(DEMO_DATASET, PATH, "../shared/datasets/honeybee_subspecies", GROUP_DEMO,
            "Folder dataset the demo camera replays and the bootstrap model trains on (`--dataset DIR`).")
        .define(DEMO_RATE, DOUBLE, "2", between(0, 1000), GROUP_DEMO, "Images per second sent by the demo camera (0 turns it off).")
        .define(DEMO_CAMERA_ID, STRING, "demo-cam-01", GROUP_DEMO, "Camera id the demo camera sends with its images.");

    private final Map<String, Object> values;

    private TrapstreamConfig(Map<String, Object> values) {
        this.values = values;
    }

    /** Defaults overridden by the given values (used by tests and embedded setups). */
    public static TrapstreamConfig of(Map<String, String> overrides) {
        return new TrapstreamConfig(DEFINITION.parse(overrides));
    }

    /**
     * Loads defaults, then the properties file named by {@code configFile} (may be null), then
     * {@code TRAPSTREAM_*} environment variables, then the flags.
     */
    public static TrapstreamConfig load(Path configFile, Map<String, String> env, Map<String, String> flags) {
        Map<String, String> raw = new LinkedHashMap<>();
        if (configFile != null) {
            raw.putAll(readProperties(configFile));
        }
        for (ConfigDef.Key key : DEFINITION.keys().values()) {
            String fromEnv = env.get(key.envName());
            if (fromEnv != null) {
                raw.put(key.name(), fromEnv);
            }
        }
        raw.putAll(flags);
        return new TrapstreamConfig(DEFINITION.parse(raw));
    }

    private static Map<String, String> readProperties(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new ConfigException("Cannot read configuration file " + file + ": " + e.getMessage());
        }
        Map<String, String> raw = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(name -> raw.put(name, props.getProperty(name)));
        return raw;
    }

    /** A copy with some keys replaced, validated like any other source. */
    public TrapstreamConfig with(Map<String, String> overrides) {
        Map<String, String> raw = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v != null) {
                raw.put(k, render(v));
            }
        });
        raw.putAll(overrides);
        return new TrapstreamConfig(DEFINITION.parse(raw));
    }

    private static String render(Object value) {
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        if (value instanceof Duration d) {
            return d.toMillis() + "ms";
        }
        return String.valueOf(value);
    }

    public String getString(String key) {
        return (String) get(key);
    }

    public int getInt(String key) {
        return (Integer) get(key);
    }

    public long getLong(String key) {
        return (Long) get(key);
    }

    public double getDouble(String key) {
        return (Double) get(key);
    }

    public boolean getBoolean(String key) {
        return (Boolean) get(key);
    }

    public Duration getDuration(String key) {
        return (Duration) get(key);
    }

    public Path getPath(String key) {
        return (Path) get(key);
    }

    @SuppressWarnings("unchecked")
    public List<String> getList(String key) {
        Object value = get(key);
        if (value instanceof String text) {
            return (List<String>) ConfigDef.parseValue(DEFINITION.key(key).withType(ConfigDef.Type.LIST), text);
        }
        return (List<String>) value;
    }

    private Object get(String key) {
        DEFINITION.key(key);
        return values.get(key);
    }

    public Path dataDir() {
        return getPath(DATA_DIR);
    }

    public Path imageStoreDir() {
        return dataDir().resolve("images");
    }

    /** How ingest publishes accepted images on {@code camtrap.images}. */
    public ImagePayload ingestImagePayload() {
        return ImagePayload.fromCode(getString(INGEST_IMAGE_PAYLOAD));
    }

    public Path modelRegistryDir() {
        return dataDir().resolve("models");
    }

    public Path labelsDir() {
        return dataDir().resolve("labels");
    }
}
