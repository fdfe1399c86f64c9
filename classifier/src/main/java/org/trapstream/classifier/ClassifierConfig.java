package org.trapstream.classifier;

import org.trapstream.common.config.ConfigDef;
import org.trapstream.common.config.GeneralSettings;
import org.trapstream.common.config.HttpSettings;
import org.trapstream.common.config.ImageSettings;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.serving.InferenceSettings;

import static org.trapstream.common.config.ConfigDef.Importance.HIGH;
import static org.trapstream.common.config.ConfigDef.Importance.LOW;
import static org.trapstream.common.config.ConfigDef.Importance.MEDIUM;
import static org.trapstream.common.config.ConfigDef.Type.DOUBLE;
import static org.trapstream.common.config.ConfigDef.Type.DURATION;
import static org.trapstream.common.config.ConfigDef.Type.INT;
import static org.trapstream.common.config.ConfigDef.Type.LIST;
import static org.trapstream.common.config.ConfigDef.Type.STRING;
import static org.trapstream.common.config.ConfigDef.Validator.atLeast;
import static org.trapstream.common.config.ConfigDef.Validator.between;

/**
 * The keys the classifier role reads: its own (with {@link InferenceSettings}, which {@code predict} shares), and
 * the shared data dir, Kafka, HTTP and image limits.
 */
public final class ClassifierConfig {

    public static final String CLASSIFIER_GROUP_ID = "classifier.group.id";
    public static final String BATCH_MAX_DELAY = "classifier.batch.max.delay";
    public static final String DECODE_THREADS = "classifier.decode.threads";
    public static final String INFERENCE_THREADS = "classifier.inference.threads";
    public static final String ONNX_THREADS = "classifier.onnx.threads";
    public static final String MAX_IN_FLIGHT = "classifier.max.in.flight";
    public static final String CLASSIFIER_DRAIN_TIMEOUT = "classifier.drain.timeout";
    public static final String REVIEW_MIN_CONFIDENCE = "classifier.review.min.confidence";
    public static final String REVIEW_MIN_MARGIN = "classifier.review.min.margin";
    public static final String REVIEW_SAMPLE_RATE = "classifier.review.sample.rate";
    public static final String REVIEW_NEW_CAMERA_IMAGES = "classifier.review.new.camera.images";
    public static final String EMPTY_LABELS = "classifier.empty.labels";
    public static final String EMPTY_MIN_CONFIDENCE = "classifier.empty.min.confidence";

    public static final ConfigDef DEFINITION = new ConfigDef("classifier")
        .include(GeneralSettings.DEFINITION, KafkaSettings.DEFINITION, HttpSettings.DEFINITION,
            ImageSettings.DEFINITION, InferenceSettings.DEFINITION)
        .define(CLASSIFIER_GROUP_ID, STRING, "trapstream-classifier", MEDIUM,
            "Consumer group shared by all classifier instances; Kafka spreads the partitions over them.")
        .define(BATCH_MAX_DELAY, DURATION, "20ms", HIGH,
            "Longest time the oldest image of an unfilled batch waits for company before the batch runs.")
        .define(DECODE_THREADS, INT, "2", atLeast(1), MEDIUM, "Worker threads that decode and preprocess images.")
        .define(INFERENCE_THREADS, INT, "1", atLeast(1), HIGH,
            "Inference threads, each with its own copy of the model.")
        .define(ONNX_THREADS, INT, "1", atLeast(1), MEDIUM,
            "ONNX Runtime threads per inference thread, for imported networks: with one inference thread per core, "
                + "1; with one inference thread on a many-core node, the cores it may use.")
        .define(MAX_IN_FLIGHT, INT, "256", atLeast(1), LOW,
            "Images consumed but not yet acknowledged; at this bound the consumer pauses its partitions.")
        .define(CLASSIFIER_DRAIN_TIMEOUT, DURATION, "10s", LOW,
            "On shutdown, how long the classifier keeps finishing the images in flight (so their offsets get "
                + "committed) before it leaves the rest to the partitions' next owner.")
        .define(REVIEW_MIN_CONFIDENCE, DOUBLE, "0.6", between(0, 1), MEDIUM,
            "Predictions whose top-1 confidence is below this also go to the review queue.")
        .define(REVIEW_MIN_MARGIN, DOUBLE, "0.15", between(0, 1), MEDIUM,
            "Predictions whose top-1 confidence exceeds the second label's by less than this go to review.")
        .define(REVIEW_SAMPLE_RATE, DOUBLE, "0.02", between(0, 1), LOW,
            "Fraction of confident predictions also sent to review as a random quality sample.")
        .define(REVIEW_NEW_CAMERA_IMAGES, INT, "20", atLeast(0), MEDIUM,
            "The first this many images of each camera the serving model was not trained on go to review "
                + "(counted per classifier instance, in memory); 0 turns this off.")
        .define(EMPTY_LABELS, LIST, "empty,blank", MEDIUM,
            "Labels of the serving model that mean no animal is in the frame. A model without any of them marks "
                + "no prediction empty.")
        .define(EMPTY_MIN_CONFIDENCE, DOUBLE, "0.8", between(0, 1), MEDIUM,
            "A prediction is marked `empty: true` when the model's probabilities of its empty labels "
                + "(`" + EMPTY_LABELS + "`) sum to at least this; the dashboard can hide such frames and counts "
                + "their share per camera.")
        .renamed("review.min.confidence", REVIEW_MIN_CONFIDENCE)
        .renamed("review.min.margin", REVIEW_MIN_MARGIN)
        .renamed("review.sample.rate", REVIEW_SAMPLE_RATE);

    private ClassifierConfig() {
    }
}
