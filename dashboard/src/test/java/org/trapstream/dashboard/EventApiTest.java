package org.trapstream.dashboard;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.trapstream.common.contract.CaptureEvent;
import org.trapstream.common.contract.Feedback;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.http.Problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.trapstream.dashboard.DashboardHarness.LABELER;
import static org.trapstream.dashboard.DashboardHarness.TOKEN;
import static org.trapstream.dashboard.DashboardHarness.VIEWER_TOKEN;

/** Events read from {@link Topics#EVENTS}: looked up by id, and labelled as a whole, one feedback record per frame. */
class EventApiTest extends DashboardApiTest {

    private static final Instant T0 = Instant.parse("2024-05-01T06:12:00Z");

    private static String error(HttpResponse<String> response) {
        return new JsonObject(response.body()).getString(Problem.CODE);
    }

    /** Publishes a three-frame event of a fresh camera and waits until the dashboard knows it. */
    private static CaptureEvent publishedEvent() {
        String camera = "cam-" + UUID.randomUUID().toString().substring(0, 8);
        return dashboard.publishEvent(camera,
            List.of(1, 2, 3).stream().map(i -> ImageIds.of((camera + i).getBytes())).toList(), T0);
    }

    private static String labelBody(String label) {
        return new JsonObject().put("label", label).encode();
    }

    @Test
    void aViewerReadsAnEventAsItWasPublished() {
        CaptureEvent event = publishedEvent();
        HttpResponse<String> response = dashboard.get("/api/v1/events/" + event.eventId());
        assertEquals(event, CaptureEvent.fromJson(new JsonObject(response.body())));
        assertEquals("unknown_event", error(dashboard.get("/api/v1/events/" + ImageIds.of(new byte[] {9}))));
        assertEquals("invalid_event_id", error(dashboard.get("/api/v1/events/abc")));
    }

    @Test
    void labellingAnEventPublishesOneFeedbackRecordPerFrame() {
        CaptureEvent event = publishedEvent();
        HttpResponse<String> response = dashboard.post("/api/v1/events/" + event.eventId() + "/feedback", TOKEN,
            labelBody(" civet "));
        assertEquals(202, response.statusCode(), response.body());
        JsonObject body = new JsonObject(response.body());
        assertEquals(event.frames().stream().map(CaptureEvent.Frame::imageId).toList(),
            body.getJsonArray("image_ids").getList());
        assertEquals("civet", body.getString("label"));
        for (CaptureEvent.Frame frame : event.frames()) {
            Feedback feedback = dashboard.awaitFeedback(frame.imageId());
            assertEquals("civet", feedback.label());
            assertEquals(LABELER, feedback.labeler());
            assertEquals(event.cameraId(), feedback.cameraId());
        }
    }

    @Test
    void onlyLabelersLabelKnownEventsWithValidLabels() {
        CaptureEvent event = publishedEvent();
        String path = "/api/v1/events/" + event.eventId() + "/feedback";
        assertEquals(403, dashboard.post(path, VIEWER_TOKEN, labelBody("civet")).statusCode());
        assertEquals(401, dashboard.post(path, null, labelBody("civet")).statusCode());
        assertEquals("invalid_label", error(dashboard.post(path, TOKEN, labelBody("a;b"))));
        assertEquals("invalid_json", error(dashboard.post(path, TOKEN, "[")));
        HttpResponse<String> unknown = dashboard.post("/api/v1/events/" + ImageIds.of(new byte[] {7}) + "/feedback",
            TOKEN, labelBody("civet"));
        assertEquals(404, unknown.statusCode());
        assertEquals("unknown_event", error(unknown));
        assertEquals(1.0, dashboard.registry().get("camtrap.dashboard.event.feedback").tag("outcome", "unknown_event")
            .counter().count());
        assertEquals("invalid_event_id", error(dashboard.post("/api/v1/events/xyz/feedback", TOKEN, labelBody("civet"))));
    }
}
