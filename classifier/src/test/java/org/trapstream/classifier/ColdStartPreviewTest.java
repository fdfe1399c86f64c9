package org.trapstream.classifier;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.testkit.Eventually.eventually;

/**
 * A fresh installation has no model: the images that arrive are put up for labelling as review items without a
 * label, nothing is predicted and nothing committed; the first promoted model then classifies every one of them.
 * Images before the group's committed offsets (here: sent before the group was moved to the end, so that the topic
 * never starts empty, whichever test class ran first) are not previewed.
 */
class ColdStartPreviewTest extends BrokerTest {

    private static final int IMAGES = 5;
    private static final int ALREADY_CONSUMED = 6;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @BeforeAll
    static void noModelAnnounced() {
        forgetAnnouncedModel();
    }

    @Test
    void putsWaitingImagesUpForLabellingThenClassifiesEachOnceAModelIsPromoted(@TempDir Path dataDir) {
        String group = TestKafka.uniqueGroup("cold-start");
        long seed = System.nanoTime();
        List<ProducerRecord<String, byte[]>> consumed = LongStream.range(0, ALREADY_CONSUMED)
            .mapToObj(i -> ImageRecords.jpeg(seed - 1 - i)).toList();
        Set<String> consumedIds = ImageRecords.ids(consumed);
        TestKafka.send(consumed);
        TestKafka.startGroupAtEnd(group, Topics.IMAGES);
        Map<TopicPartition, Long> committedAtStart = TestKafka.committed(group, Topics.IMAGES);
        assertEquals(TestKafka.endOffsets(Topics.IMAGES).keySet(), committedAtStart.keySet(),
            "the group has committed offsets on every partition");
        TrapstreamConfig config = classifierConfig(dataDir, group, Map.of());
        List<ProducerRecord<String, byte[]>> images = ImageRecords.jpegs(seed, IMAGES);
        Set<String> ids = ImageRecords.ids(images);
        Predicate<ConsumerRecord<String, byte[]>> mine = r -> ids.contains(r.key());

        try (DeployedClassifier classifier = DeployedClassifier.deploy(config)) {
            TestKafka.send(images);

            List<ConsumerRecord<String, byte[]>> review = TestKafka.await(Topics.REVIEW, mine, IMAGES);
            assertEquals(ids, review.stream().map(ConsumerRecord::key).collect(Collectors.toSet()),
                "each waiting image is up for review, keyed by its id");
            review.forEach(record -> assertAwaitsModel(record.key(), parse(record)));
            eventually(PATIENCE, () -> assertEquals(IMAGES, classifier.health().getLong("previewed"),
                "every review item acknowledged"));
            JsonObject waiting = classifier.health();
            assertEquals("waiting_for_model", waiting.getString("state"));
            assertEquals(IMAGES, waiting.getLong("previewed"));
            assertTrue(waiting.getBoolean("up"), waiting.encode());
            assertTrue(classifier.registry().scrape().contains("camtrap_classifier_cold_start_previews_total 5.0"));
            // Every image was handled as a preview, its review item acknowledged: no prediction can come for it now.
            assertTrue(TestKafka.readToEnd(Topics.PREDICTIONS, mine).isEmpty(), "nothing is predicted without a model");
            assertEquals(committedAtStart, TestKafka.committed(group, Topics.IMAGES), "the preview commits nothing");

            ModelRegistry registry = new ModelRegistry(config.modelRegistryDir());
            ModelMetadata first = promoteNewModel(registry, 7);

            List<ConsumerRecord<String, byte[]>> predictions = TestKafka.await(Topics.PREDICTIONS, mine, IMAGES);
            assertEquals(ids, predictions.stream().map(ConsumerRecord::key).collect(Collectors.toSet()),
                "every previewed image gets its prediction from the first model");
            for (ConsumerRecord<String, byte[]> record : predictions) {
                Prediction prediction = parse(record);
                assertEquals(first.version(), prediction.modelVersion());
                assertNotNull(prediction.label());
                assertTrue(!prediction.awaitsModel(), prediction.toString());
            }
            Map<TopicPartition, Long> end = TestKafka.endOffsets(Topics.IMAGES);
            eventually(PATIENCE, () -> assertEquals(end, TestKafka.committed(group, Topics.IMAGES),
                "the group's offsets reach the end of the image topic"));
            JsonObject classifying = classifier.health();
            assertEquals("classifying", classifying.getString("state"));
            assertEquals(IMAGES, classifying.getLong("previewed"), "the preview stopped with the first model");
            // The preview has stopped and the group has handled the topic to its end: every review item there will
            // be is in the review topic by now.
            assertTrue(TestKafka.readToEnd(Topics.REVIEW, r -> consumedIds.contains(r.key())).isEmpty(),
                "images before the group's committed offsets are not previewed");
        }
    }

    private static void assertAwaitsModel(String key, Prediction item) {
        assertEquals(key, item.imageId());
        assertTrue(item.awaitsModel(), item.toString());
        assertEquals(new Prediction.Review(true, List.of(Prediction.Review.NO_MODEL)), item.review());
        assertNull(item.label(), "no label without a model");
        assertNull(item.modelVersion());
        assertEquals(0.0, item.confidence());
        assertEquals(List.of(), item.topK());
        assertEquals("test-cam-01", item.cameraId());
    }

    private static Prediction parse(ConsumerRecord<String, byte[]> record) {
        return Prediction.fromJson(new JsonObject(new String(record.value())));
    }
}
