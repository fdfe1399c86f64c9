package org.trapstream.dashboard;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.trapstream.common.contract.Feedback;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.http.Problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.dashboard.DashboardHarness.OPERATOR_TOKEN;
import static org.trapstream.dashboard.DashboardHarness.TOKEN;
import static org.trapstream.dashboard.DashboardHarness.VIEWER_TOKEN;
import static org.trapstream.dashboard.DashboardHarness.eventually;
import static org.trapstream.dashboard.DashboardHarness.feedbackBody;
import static org.trapstream.dashboard.DashboardHarness.prediction;
import static org.trapstream.dashboard.DashboardHarness.uniquePng;
import static org.trapstream.dashboard.DashboardHarness.unknownImageId;

/** {@code POST /api/v1/feedback}: who may label, what a label may be, and what reaches Kafka. */
class FeedbackApiTest extends DashboardApiTest {

    private static String error(HttpResponse<String> response) {
        return new JsonObject(response.body()).getString(Problem.CODE);
    }

    private double feedbackCount(String outcome) {
        return dashboard.registry().get("camtrap.dashboard.feedback").tag("outcome", outcome).counter().count();
    }

    @Test
    void aMissingOrWrongTokenIsUnauthorized() {
        String imageId = dashboard.storeImage(uniquePng());
        double missing = authenticationCount("missing");
        double invalid = authenticationCount("invalid");
        for (String token : new String[] {null, "", TOKEN.substring(1), TOKEN + "x", "bob"}) {
            HttpResponse<String> response = dashboard.postFeedback(token, feedbackBody(imageId, "moonrat"));
            assertEquals(401, response.statusCode(), "token " + token);
            assertEquals(token == null || token.isEmpty() ? "credential_required" : "invalid_credential",
                error(response));
            assertTrue(response.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Bearer"));
        }
        assertEquals(missing + 2, authenticationCount("missing"));
        assertEquals(invalid + 3, authenticationCount("invalid"));
    }

    @Test
    void aViewerMayNotLabelAndAnOperatorMay() {
        String imageId = dashboard.storeImage(uniquePng());

        HttpResponse<String> viewer = dashboard.postFeedback(VIEWER_TOKEN, feedbackBody(imageId, "moonrat"));
        HttpResponse<String> operator = dashboard.postFeedback(OPERATOR_TOKEN, feedbackBody(imageId, "moonrat"));

        assertEquals(403, viewer.statusCode());
        assertEquals("victor is a viewer; this needs a labeler or above",
            new JsonObject(viewer.body()).getString("detail"));
        assertEquals(202, operator.statusCode(), operator.body());
        assertEquals("olga", new JsonObject(operator.body()).getString("labeler"));
    }

    private double authenticationCount(String outcome) {
        return dashboard.registry().get("camtrap.dashboard.authentications").tag("outcome", outcome).counter().count();
    }

    @Test
    void malformedBodiesAndLabelsAreBadRequests() {
        String imageId = dashboard.storeImage(uniquePng());
        assertEquals("invalid_json", error(dashboard.postFeedback(TOKEN, "{\"image_id\": ")));
        assertEquals("invalid_image_id", error(dashboard.postFeedback(TOKEN, feedbackBody("12ab", "moonrat"))));
        for (String label : List.of("", "   ", "a;b", "x".repeat(65))) {
            HttpResponse<String> response = dashboard.postFeedback(TOKEN, feedbackBody(imageId, label));
            assertEquals(400, response.statusCode(), "label '" + label + "'");
            assertEquals("invalid_label", error(response));
        }
    }

    @Test
    void aLabelForAnImageThatWasNeverStoredIsNotFound() {
        double before = feedbackCount("unknown_image");
        HttpResponse<String> response = dashboard.postFeedback(TOKEN, feedbackBody(unknownImageId(), "moonrat"));

        assertEquals(404, response.statusCode());
        assertEquals("unknown_image", error(response));
        assertEquals(before + 1, feedbackCount("unknown_image"));
    }

    @Test
    void aGoodLabelIsAcceptedAfterKafkaHasItAndClosesTheReviewItem() {
        String imageId = dashboard.storeImage(uniquePng());
        dashboard.publishPrediction(Topics.REVIEW, prediction(imageId,
            List.of(new Prediction.LabelScore("moonrat", 0.5), new Prediction.LabelScore("mouse_deer", 0.45)),
            List.of(Prediction.Review.LOW_MARGIN)));
        eventually("the review item", () -> reviewIds().contains(imageId) ? Optional.of(true) : Optional.empty());
        double before = feedbackCount("accepted");
        Instant sent = Instant.now();

        HttpResponse<String> response = dashboard.postFeedback(TOKEN, feedbackBody(imageId, "  mouse_deer "));

        assertEquals(202, response.statusCode(), response.body());
        JsonObject body = new JsonObject(response.body());
        assertEquals("accepted", body.getString("status"));
        assertEquals("alice", body.getString("labeler"));
        assertEquals(before + 1, feedbackCount("accepted"));
        assertFalse(reviewIds().contains(imageId), "the item leaves this dashboard's list at once");

        Feedback published = dashboard.awaitFeedback(imageId);
        assertEquals("mouse_deer", published.label(), "the label is trimmed");
        assertEquals("alice", published.labeler(), "the labeler is the token's owner, not anything the body says");
        assertEquals("cam-north-03", published.cameraId(), "the camera of the review item, for the trainer's site split");
        assertTrue(Duration.between(sent, published.labeledAt()).abs().toSeconds() < 30, published.toString());
    }

    private static List<String> reviewIds() {
        return new JsonArray(dashboard.get("/api/v1/review?limit=500").body()).stream()
            .map(item -> ((JsonObject) item).getString("image_id")).toList();
    }
}
