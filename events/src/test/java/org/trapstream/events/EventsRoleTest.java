package org.trapstream.events;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.CaptureEvent;
import org.trapstream.common.contract.CaptureEvent.ClosedBy;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Prediction.LabelScore;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.common.role.RoleHost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.testkit.Eventually.eventually;

/**
 * The events role on a real broker: predictions of interleaved cameras go in on {@link Topics#PREDICTIONS} (keyed by
 * image id, so each camera's frames land on every partition), one event per burst comes out on {@link Topics#EVENTS},
 * and the role commits past a prediction only once its event is in Kafka, so a restart rebuilds open sequences.
 */
class EventsRoleTest {

    private static final Instant T0 = Instant.parse("2024-06-01T04:00:00Z");

    @TempDir
    Path dataDir;
    private final String group = TestKafka.uniqueGroup("events-test");
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<RoleHost> hosts = new ArrayList<>();

    @AfterEach
    void stop() {
        hosts.forEach(RoleHost::close);
    }

    private RoleHost start(String idleClose) {
        TrapstreamConfig config = TestKafka.config(EventsConfig.DEFINITION, dataDir, Map.of(
            EventsConfig.EVENTS_GROUP_ID, group,
            EventsConfig.SEQUENCE_GAP, "60s",
            EventsConfig.ALLOWED_LATENESS, "30s",
            EventsConfig.IDLE_CLOSE, idleClose));
        RoleHost host = RoleHost.start(config, List.of(new EventsRole()));
        hosts.add(host);
        return host;
    }

    private String camera(String name) {
        return name + "-" + run;
    }

    private static String imageId(String camera, String frame) {
        return ImageIds.of((camera + "/" + frame).getBytes(StandardCharsets.UTF_8));
    }

    private static ProducerRecord<String, byte[]> prediction(String camera, String frame, long secondsAfterT0,
                                                             double bird, double deer) {
        String id = imageId(camera, frame);
        List<LabelScore> topK = bird >= deer
            ? List.of(new LabelScore("bird", bird), new LabelScore("deer", deer))
            : List.of(new LabelScore("deer", deer), new LabelScore("bird", bird));
        Prediction prediction = new Prediction(id, camera, T0.plusSeconds(secondsAfterT0), "v1", topK.get(0).label(),
            topK.get(0).confidence(), topK, Double.NaN, false, false, Prediction.Review.none(),
            new Prediction.Timings(0, 0, 0, 0), Instant.now());
        return new ProducerRecord<>(Topics.PREDICTIONS, id, prediction.toJson().toBuffer().getBytes());
    }

    private static void awaitRead(RoleHost host, int count) {
        eventually(TestKafka.PATIENCE, () -> assertEquals(count, host.context().registry()
            .find("camtrap.events.predictions").counters().stream().mapToDouble(c -> c.count()).sum()));
    }

    private static void awaitOpenFrames(RoleHost host, int atLeast) {
        eventually(TestKafka.PATIENCE, () -> assertTrue(
            host.context().registry().find("camtrap.events.open.frames").gauge().value() >= atLeast));
    }

    private List<CaptureEvent> awaitEvents(int count) {
        return TestKafka.await(Topics.EVENTS, record -> eventOf(record).cameraId().endsWith(run), count)
            .stream().map(EventsRoleTest::eventOf).toList();
    }

    private static CaptureEvent eventOf(ConsumerRecord<String, byte[]> record) {
        return CaptureEvent.fromJson(new JsonObject(Buffer.buffer(record.value())));
    }

    private static List<String> frames(CaptureEvent event) {
        return event.frames().stream().map(CaptureEvent.Frame::imageId).toList();
    }

    @Test
    void interleavedCamerasOutOfOrderComeOutAsOneEventPerBurstLabelledByTheMeanProbability() {
        TestKafka.startGroupAtEnd(group, Topics.PREDICTIONS);
        String a = camera("cam-a");
        String b = camera("cam-b");
        // Partitions are read in no fixed order among them, so what must come after something is sent after it.
        RoleHost host = start("2s");
        TestKafka.send(List.of(
            prediction(a, "a1", 0, 0.9, 0.1),
            prediction(b, "b1", 3, 0.2, 0.8),
            prediction(a, "a3", 20, 0.3, 0.7),
            prediction(a, "a2", 10, 0.4, 0.6),  // out of order, within the lateness
            prediction(b, "b2", 5, 0.3, 0.7)));
        awaitRead(host, 5);
        TestKafka.send(prediction(a, "a4", 500, 0.8, 0.2)); // closes a1-a3 by the watermark
        awaitEvents(2);
        TestKafka.send(prediction(a, "late", 15, 0.0, 1.0)); // beyond the lateness: in no event

        List<CaptureEvent> events = awaitEvents(3);
        assertEquals(3, events.size(), events.toString());
        CaptureEvent burst = events.stream().filter(e -> e.frames().size() == 3).findFirst().orElseThrow();
        assertEquals(List.of(imageId(a, "a1"), imageId(a, "a2"), imageId(a, "a3")), frames(burst));
        assertEquals(ClosedBy.WATERMARK, burst.closedBy());
        assertEquals(CaptureEvent.idOf(a, imageId(a, "a1")), burst.eventId());
        // mean bird 0.533, deer 0.467: the mean probability, though two of three frames say deer
        assertEquals("bird", burst.label());
        assertEquals((0.9 + 0.4 + 0.3) / 3, burst.confidence(), 1e-9);
        assertEquals(T0, burst.start());
        assertEquals(T0.plusSeconds(20), burst.end());
        assertNull(burst.count());

        CaptureEvent cameraB = events.stream().filter(e -> e.cameraId().equals(b)).findFirst().orElseThrow();
        assertEquals(List.of(imageId(b, "b1"), imageId(b, "b2")), frames(cameraB));
        assertEquals(ClosedBy.IDLE, cameraB.closedBy());
        assertEquals("deer", cameraB.label());

        assertTrue(events.stream().noneMatch(e -> frames(e).contains(imageId(a, "late"))));
        // Every prediction is done now, the late one too: the group commits to the end.
        TestKafka.awaitCommittedToEnd(group, Topics.PREDICTIONS);
    }

    @Test
    void aRestartRebuildsTheOpenSequenceFromTheUncommittedPredictions() {
        TestKafka.startGroupAtEnd(group, Topics.PREDICTIONS);
        Map<TopicPartition, Long> before = TestKafka.endOffsets(Topics.PREDICTIONS);
        RoleHost first = start("10m");
        String c = camera("cam-c");
        TestKafka.send(List.of(prediction(c, "c1", 0, 0.7, 0.3), prediction(c, "c2", 2, 0.6, 0.4),
            prediction(c, "c3", 4, 0.8, 0.2)));
        awaitOpenFrames(first, 3);
        // The open frames hold the commits back: no partition is committed past where they were written.
        Map<TopicPartition, Long> committed = TestKafka.committed(group, Topics.PREDICTIONS);
        before.forEach((partition, start) -> assertTrue(committed.getOrDefault(partition, start) <= start,
            partition + " committed to " + committed.get(partition) + " past the open frames from " + start));
        first.close();
        hosts.remove(first);

        start("1s");
        List<CaptureEvent> events = awaitEvents(1);
        assertEquals(List.of(imageId(c, "c1"), imageId(c, "c2"), imageId(c, "c3")), frames(events.get(0)));
        assertEquals(ClosedBy.IDLE, events.get(0).closedBy());
        TestKafka.awaitCommittedToEnd(group, Topics.PREDICTIONS);
        assertEquals(1, TestKafka.readToEnd(Topics.EVENTS, record -> eventOf(record).cameraId().equals(c)).size(),
            "published once");
    }
}
