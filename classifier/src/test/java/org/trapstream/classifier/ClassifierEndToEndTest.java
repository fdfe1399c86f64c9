package org.trapstream.classifier;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.DistributionSummary;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.serving.InferenceSettings;
import org.trapstream.serving.ModelMetadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.testkit.Eventually.eventually;

/**
 * Images in through the broker, predictions out: a cold start without a model, then the first promotion,
 * then exactly one prediction per image.
 */
class ClassifierEndToEndTest extends BrokerTest {

    private static final int IMAGES = 40;
    private static final String EMPTY_STAND_IN = "bombus";

    @BeforeAll
    static void noModelAnnounced() {
        forgetAnnouncedModel();
    }

    @Test
    void waitsForAModelThenPredictsEveryImageExactlyOnceInPartitionOrder(@TempDir Path dataDir) throws Exception {
        Setup setup = newSetup("e2e", dataDir, Map.of(
            InferenceSettings.BATCH_MAX_SIZE, "8",
            ClassifierConfig.BATCH_MAX_DELAY, "50ms",
            ClassifierConfig.REVIEW_SAMPLE_RATE, "0.5",
            // The test models have no empty class: one of their labels stands in for it.
            ClassifierConfig.EMPTY_LABELS, EMPTY_STAND_IN,
            ClassifierConfig.EMPTY_MIN_CONFIDENCE, "0.34"));
        List<ProducerRecord<String, byte[]>> images = ImageRecords.jpegs(System.nanoTime(), IMAGES);
        Set<String> ids = ImageRecords.ids(images);

        try (DeployedClassifier classifier = DeployedClassifier.deploy(setup.config())) {
            JsonObject waiting = classifier.health();
            assertEquals("waiting_for_model", waiting.getString("state"));
            assertTrue(waiting.getBoolean("up"), "waiting for a model is not a failure");
            assertNull(waiting.getString("model_version"));

            TestKafka.send(images);
            // Without a model each image is put up for review instead; once every one is, none can be predicted yet.
            eventually(TestKafka.PATIENCE, () -> assertEquals(IMAGES, classifier.health().getLong("previewed"),
                "every image previewed"));
            List<ConsumerRecord<String, byte[]>> early = TestKafka.readToEnd(Topics.PREDICTIONS,
                r -> ids.contains(r.key()));
            assertTrue(early.isEmpty(), "predicted " + early.size() + " images without a model");

            ModelMetadata v1 = promoteNewModel(setup.registry(), 1);

            List<ConsumerRecord<String, byte[]>> records = TestKafka.await(Topics.PREDICTIONS,
                r -> ids.contains(r.key()), IMAGES);
            assertEquals(IMAGES, records.size(), "one prediction per image");
            // Committed means handled with its prediction acknowledged: the topic up to its end holds them all.
            eventually(TestKafka.PATIENCE, () -> assertEquals(IMAGES, setup.committedSince(),
                "every image's offset is committed once its prediction is"));
            List<ConsumerRecord<String, byte[]>> all = TestKafka.readToEnd(Topics.PREDICTIONS,
                r -> ids.contains(r.key()));
            assertEquals(IMAGES, all.size(), "no image was predicted twice");

            Map<String, Prediction> byId = new HashMap<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                Prediction prediction = Prediction.fromJson(new JsonObject(new String(record.value())));
                assertEquals(record.key(), prediction.imageId(), "keyed by image id");
                byId.put(prediction.imageId(), prediction);
                assertValid(prediction, v1);
            }
            assertEquals(ids, byId.keySet());

            assertPredictedInPartitionOrder(ids, records);
            assertReviewCopies(ids, byId);
            assertMetrics(classifier, v1.version());

            JsonObject health = classifier.health();
            assertEquals(v1.version(), health.getString("model_version"));
            assertEquals("classifying", health.getString("state"));
            assertEquals("dl4j", health.getString("engine"));
            assertEquals("cpu", health.getString("backend"));
            assertNotNull(health.getString("device"));
        }
    }

    private static void assertValid(Prediction prediction, ModelMetadata model) {
        assertEquals(model.version(), prediction.modelVersion());
        assertEquals("test-cam-01", prediction.cameraId());
        assertEquals(3, prediction.topK().size());
        assertTrue(model.labels().containsAll(prediction.topK().stream().map(Prediction.LabelScore::label).toList()));
        for (int i = 0; i < prediction.topK().size(); i++) {
            double confidence = prediction.topK().get(i).confidence();
            assertTrue(confidence >= 0 && confidence <= 1, "confidence " + confidence);
            if (i > 0) {
                assertTrue(confidence <= prediction.topK().get(i - 1).confidence(), "top_k sorted: " + prediction.topK());
            }
        }
        double sum = prediction.topK().stream().mapToDouble(Prediction.LabelScore::confidence).sum();
        assertEquals(1.0, sum, 1e-3, "with top_k = all 3 labels the confidences are a distribution");
        assertEquals(prediction.topK().get(0).label(), prediction.label());
        assertEquals(prediction.topK().get(0).confidence(), prediction.confidence());
        double emptyProbability = prediction.topK().stream().filter(score -> score.label().equals(EMPTY_STAND_IN))
            .mapToDouble(Prediction.LabelScore::confidence).sum();
        assertEquals(emptyProbability >= 0.34, prediction.empty(), "empty exactly when its class reaches 0.34: " + prediction);
        Prediction.Timings t = prediction.timings();
        assertTrue(t.queueMs() >= 0 && t.decodeMs() > 0 && t.inferenceMs() > 0, "timings " + t);
        assertTrue(t.totalMs() >= t.decodeMs() + t.inferenceMs(), "total covers the work: " + t);
    }

    /** Both topics are keyed by image id with equal partition counts: prediction order mirrors image order. */
    private static void assertPredictedInPartitionOrder(Set<String> ids, List<ConsumerRecord<String, byte[]>> predictions) {
        List<ConsumerRecord<String, byte[]>> images = TestKafka.await(Topics.IMAGES, r -> ids.contains(r.key()),
            ids.size());
        Function<List<ConsumerRecord<String, byte[]>>, Map<Integer, List<String>>> byPartition = records ->
            records.stream().collect(Collectors.groupingBy(ConsumerRecord::partition,
                Collectors.mapping(ConsumerRecord::key, Collectors.toList())));
        assertEquals(byPartition.apply(images), byPartition.apply(predictions));
    }

    /** Review reasons follow the thresholds (0.6 confidence, 0.15 margin, half of the rest sampled). */
    private static void assertReviewCopies(Set<String> ids, Map<String, Prediction> predictions) {
        for (Prediction p : predictions.values()) {
            List<String> reasons = p.review().reasons();
            double margin = p.topK().get(0).confidence() - p.topK().get(1).confidence();
            assertEquals(p.confidence() < 0.6, reasons.contains(Prediction.Review.LOW_CONFIDENCE), p.toString());
            assertEquals(margin < 0.15, reasons.contains(Prediction.Review.LOW_MARGIN), p.toString());
            if (reasons.contains(Prediction.Review.QA_SAMPLE)) {
                assertEquals(List.of(Prediction.Review.QA_SAMPLE), reasons, "only confident ones are sampled");
            }
            assertEquals(!reasons.isEmpty(), p.review().routed());
        }
        Set<String> routed = predictions.values().stream().filter(p -> p.review().routed())
            .map(Prediction::imageId).collect(Collectors.toSet());
        assertTrue(routed.size() > 0, "with half sampled, some of 40 must be routed");
        // The cold start preview put every image up for review before the model came: those items are not counted.
        List<ConsumerRecord<String, byte[]>> review = TestKafka.await(Topics.REVIEW,
            r -> ids.contains(r.key()) && !Prediction.fromJson(new JsonObject(new String(r.value()))).awaitsModel(),
            routed.size());
        assertEquals(routed, review.stream().map(ConsumerRecord::key).collect(Collectors.toSet()));
    }

    private static void assertMetrics(DeployedClassifier classifier, String version) {
        DistributionSummary batches = classifier.registry().find("camtrap.classifier.batch.size").summary();
        assertNotNull(batches);
        assertTrue(batches.max() > 1, "a burst of 40 images should be batched, largest batch " + batches.max());
        assertTrue(batches.max() <= 8, "batches are capped at 8, saw " + batches.max());
        double predicted = classifier.registry().find("camtrap.classifier.predictions").counters().stream()
            .mapToDouble(c -> c.count()).sum();
        assertEquals(IMAGES, predicted, 0.0);
        String scrape = classifier.registry().scrape();
        for (String series : List.of(
            "camtrap_classifier_inference_seconds_bucket",
            "camtrap_classifier_queue_seconds_bucket",
            "camtrap_classifier_decode_seconds_bucket",
            "camtrap_classifier_end_to_end_seconds_bucket",
            "camtrap_classifier_confidence_bucket",
            "camtrap_classifier_review_routings_total{reason=",
            "camtrap_classifier_model_version_info{version=\"" + version + "\"}",
            "camtrap_classifier_model_evaluation{metric=\"accuracy\"}",
            "camtrap_classifier_model_evaluation{metric=\"macro_f1\"}",
            "camtrap_classifier_backend_info{backend=\"cpu\"",
            "engine=\"dl4j\"}",
            "camtrap_classifier_in_flight",
            "kafka_consumer_fetch_manager_records_lag",
            "kafka_producer_record_send_total")) {
            assertTrue(scrape.contains(series), "missing " + series);
        }
    }

}
