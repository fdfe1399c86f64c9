package org.trapstream.dashboard;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.trapstream.common.contract.CaptureEvent;
import org.trapstream.common.contract.Feedback;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.http.Problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.dashboard.DashboardHarness.LABELER;
import static org.trapstream.dashboard.DashboardHarness.SECOND_LABELER;
import static org.trapstream.dashboard.DashboardHarness.SECOND_LABELER_TOKEN;
import static org.trapstream.dashboard.DashboardHarness.TOKEN;
import static org.trapstream.dashboard.DashboardHarness.VIEWER_TOKEN;
import static org.trapstream.dashboard.DashboardHarness.eventually;
import static org.trapstream.dashboard.DashboardHarness.feedbackBody;
import static org.trapstream.dashboard.DashboardHarness.prediction;

/**
 * The review page's flow on the real broker: leased items, answers, skips, undo, and two labelers at once. Each
 * test reviews a camera of its own (the {@code camera} filter), so items of other tests never interfere.
 */
class ReviewFlowApiTest extends DashboardApiTest {

    private static String freshCamera() {
        return "cam-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Stores {@code count} images and opens a review item for each, oldest first; waits until all are open. */
    private static List<String> openItems(String camera, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String imageId = dashboard.storeImage(DashboardHarness.uniquePng());
            ids.add(imageId);
            dashboard.publishPrediction(Topics.REVIEW, prediction(imageId, camera, List.of(
                new Prediction.LabelScore("moonrat", 0.40 + i * 0.01), new Prediction.LabelScore("civet", 0.35)),
                List.of(Prediction.Review.LOW_MARGIN)));
        }
        eventually(count + " items of " + camera, () -> {
            JsonArray open = new JsonArray(dashboard.get("/api/v1/review?limit=500&order=newest").body());
            long mine = open.stream().map(JsonObject.class::cast).filter(i -> camera.equals(i.getString("camera_id")))
                .count();
            return mine == count ? Optional.of(true) : Optional.empty();
        });
        return ids;
    }

    private static JsonObject next(String token, String query) {
        HttpResponse<String> response = dashboard.post("/api/v1/review/next?" + query, token, null);
        assertEquals(200, response.statusCode(), response.body());
        return new JsonObject(response.body());
    }

    private static HttpResponse<String> answer(String token, String imageId, String label) {
        return dashboard.post("/api/v1/review/answer", token, feedbackBody(imageId, label));
    }

    @Test
    void theNextItemIsLeasedToItsLabelerAndOnlyTheyMayAnswerIt() {
        String camera = freshCamera();
        List<String> ids = openItems(camera, 3);

        JsonObject alices = next(TOKEN, "camera=" + camera + "&order=oldest");
        assertEquals(ids.get(0), alices.getJsonObject("item").getString("image_id"), "oldest first");
        assertEquals(2, alices.getLong("waiting"), "the two no one holds");
        assertEquals(new JsonArray().add("low_margin"), alices.getJsonObject("item").getJsonArray("reasons"));
        assertEquals(new JsonArray().add(ids.get(0)), alices.getJsonObject("item").getJsonArray("burst_image_ids"));
        JsonObject bobs = next(SECOND_LABELER_TOKEN, "camera=" + camera + "&order=oldest");
        assertEquals(ids.get(1), bobs.getJsonObject("item").getString("image_id"), "never the item alice holds");

        HttpResponse<String> notHis = answer(SECOND_LABELER_TOKEN, ids.get(0), "civet");
        assertEquals(409, notHis.statusCode());
        assertEquals("lease_not_held", new JsonObject(notHis.body()).getString(Problem.CODE));
        assertEquals(202, answer(TOKEN, ids.get(0), "civet").statusCode());
        assertEquals(LABELER, dashboard.awaitFeedback(ids.get(0)).labeler());
        assertEquals(403, dashboard.post("/api/v1/review/next", VIEWER_TOKEN, null).statusCode(), "viewers do not review");

        HttpResponse<String> skipped = dashboard.post("/api/v1/review/skip", SECOND_LABELER_TOKEN,
            new JsonObject().put("image_id", ids.get(1)).encode());
        assertEquals(204, skipped.statusCode());
        assertEquals(ids.get(2), next(SECOND_LABELER_TOKEN, "camera=" + camera + "&order=oldest")
            .getJsonObject("item").getString("image_id"), "a skipped item is not handed straight back");
        assertEquals(ids.get(1), next(TOKEN, "camera=" + camera + "&order=oldest")
            .getJsonObject("item").getString("image_id"), "but goes to the others");
    }

    @Test
    void filtersAndTheirMistakes() {
        String camera = freshCamera();
        List<String> ids = openItems(camera, 2);
        JsonObject confident = next(TOKEN, "camera=" + camera + "&min_confidence=0.405&reason=low_margin");
        assertEquals(ids.get(1), confident.getJsonObject("item").getString("image_id"));
        assertNull(next(TOKEN, "camera=" + camera + "&reason=new_camera").getValue("item"));
        assertNull(next(TOKEN, "camera=" + camera + "&empty=only").getValue("item"), "neither frame is empty");
        for (String bad : List.of("min_confidence=2", "order=random", "camera=a%20b", "reason=Low-Margin",
                "empty=sometimes")) {
            HttpResponse<String> refused = dashboard.post("/api/v1/review/next?" + bad, TOKEN, null);
            assertEquals(400, refused.statusCode(), bad);
            assertEquals("invalid_filter", new JsonObject(refused.body()).getString(Problem.CODE));
        }
    }

    @Test
    void undoSendsARetractionAndPutsTheItemBackForItsLabeler() {
        String camera = freshCamera();
        String imageId = openItems(camera, 1).get(0);
        next(TOKEN, "camera=" + camera);
        HttpResponse<String> answered = dashboard.post("/api/v1/review/answer", TOKEN, new JsonObject()
            .put("image_id", imageId).put("species", new JsonArray()
                .add(new JsonObject().put("label", "sambar").put("count", 2))
                .add(new JsonObject().put("label", "muntjac").put("count", 1))).encode());
        assertEquals(202, answered.statusCode(), answered.body());
        assertNull(next(TOKEN, "camera=" + camera).getValue("item"), "answered: closed");

        HttpResponse<String> undone = dashboard.post("/api/v1/review/undo", TOKEN, null);
        assertEquals(200, undone.statusCode(), undone.body());
        JsonObject body = new JsonObject(undone.body());
        assertEquals(imageId, body.getJsonObject("item").getString("image_id"), "the item is back, leased to alice");
        assertEquals(409, answer(SECOND_LABELER_TOKEN, imageId, "civet").statusCode(),
            "bob cannot answer it while alice holds it");

        List<Feedback> records = DashboardHarness.awaitFeedback(imageId, 2);
        Feedback label = records.get(0);
        Feedback retraction = records.get(1);
        assertEquals(List.of(new Feedback.SpeciesCount("sambar", 2), new Feedback.SpeciesCount("muntjac", 1)),
            label.species());
        assertEquals("sambar", label.label());
        assertTrue(retraction.isRetraction());
        assertEquals(label.labeledAt(), retraction.retractsLabeledAt(), "it names the label it takes back");
        assertEquals(LABELER, retraction.labeler());

        assertEquals(202, answer(TOKEN, imageId, "muntjac").statusCode(), "answered again");
    }

    @Test
    void twoLabelersAtOnceLoseNothingAndNeverGetTheSameItem() throws Exception {
        String camera = freshCamera();
        int count = 16;
        Set<String> ids = new HashSet<>(openItems(camera, count));
        Map<String, String> handedTo = new ConcurrentHashMap<>();
        List<String> twice = Collections.synchronizedList(new ArrayList<>());
        ExecutorService labelers = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<String>>> work = new ArrayList<>();
            for (String token : List.of(TOKEN, SECOND_LABELER_TOKEN)) {
                work.add(labelers.submit(() -> {
                    List<String> answered = new ArrayList<>();
                    while (true) {
                        JsonObject item = next(token, "camera=" + camera).getJsonObject("item");
                        if (item == null) {
                            return answered;
                        }
                        String imageId = item.getString("image_id");
                        if (handedTo.putIfAbsent(imageId, token) != null) {
                            twice.add(imageId);
                        }
                        HttpResponse<String> response = answer(token, imageId, "moonrat");
                        assertEquals(202, response.statusCode(), response.body());
                        answered.add(imageId);
                    }
                }));
            }
            List<String> alices = work.get(0).get(120, TimeUnit.SECONDS);
            List<String> bobs = work.get(1).get(120, TimeUnit.SECONDS);
            assertEquals(List.of(), twice, "no item was handed to both");
            Set<String> all = new HashSet<>(alices);
            all.addAll(bobs);
            assertEquals(count, alices.size() + bobs.size(), "every item answered exactly once");
            assertEquals(ids, all);
            for (String imageId : alices) {
                assertEquals(LABELER, dashboard.awaitFeedback(imageId).labeler());
            }
            for (String imageId : bobs) {
                assertEquals(SECOND_LABELER, dashboard.awaitFeedback(imageId).labeler());
            }
        } finally {
            labelers.shutdownNow();
        }
    }

    @Test
    void aBurstIsLeasedAnsweredAndUndoneAsOne() {
        String camera = freshCamera();
        List<String> frames = openItems(camera, 3);
        CaptureEvent event = dashboard.publishEvent(camera, frames, Instant.parse("2024-05-01T06:12:00Z"));

        JsonObject item = next(TOKEN, "camera=" + camera + "&order=oldest").getJsonObject("item");
        assertEquals(frames.get(0), item.getString("image_id"));
        assertEquals(event, CaptureEvent.fromJson(item.getJsonObject("event")), "the item comes with its event");
        assertEquals(new JsonArray(frames), item.getJsonArray("burst_image_ids"));
        assertNull(next(SECOND_LABELER_TOKEN, "camera=" + camera).getValue("item"),
            "alice holds the whole burst: no frame of it goes to bob");
        HttpResponse<String> notHis = dashboard.post("/api/v1/events/" + event.eventId() + "/feedback",
            SECOND_LABELER_TOKEN, new JsonObject().put("label", "civet").encode());
        assertEquals(409, notHis.statusCode(), notHis.body());

        HttpResponse<String> answered = dashboard.post("/api/v1/events/" + event.eventId() + "/feedback", TOKEN,
            new JsonObject().put("label", "civet").encode());
        assertEquals(202, answered.statusCode(), answered.body());
        for (String frame : frames) {
            assertEquals("civet", dashboard.awaitFeedback(frame).label());
        }
        assertNull(next(TOKEN, "camera=" + camera).getValue("item"), "no frame of the burst is handed out again");
        assertNull(next(SECOND_LABELER_TOKEN, "camera=" + camera).getValue("item"));

        HttpResponse<String> undone = dashboard.post("/api/v1/review/undo", TOKEN, null);
        assertEquals(200, undone.statusCode(), undone.body());
        JsonObject body = new JsonObject(undone.body());
        assertEquals(new JsonArray(frames), body.getJsonArray("retracted_image_ids"));
        assertEquals(frames.get(0), body.getJsonObject("item").getString("image_id"), "the burst is back, alice's");
        for (String frame : frames) {
            List<Feedback> records = DashboardHarness.awaitFeedback(frame, 2);
            assertTrue(records.get(1).isRetraction(), "every frame's label is taken back");
            assertEquals(records.get(0).labeledAt(), records.get(1).retractsLabeledAt());
        }
        assertNull(next(SECOND_LABELER_TOKEN, "camera=" + camera).getValue("item"), "still held as one, by alice");
    }
}
