package org.trapstream.dashboard;

import java.time.Instant;
import java.util.List;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.trapstream.common.contract.Feedback;
import org.trapstream.common.contract.LabelName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.trapstream.dashboard.DashboardHarness.unknownImageId;

class FeedbackRequestTest {

    private static final String ID = unknownImageId();

    private static Buffer body(Object label) {
        return new JsonObject().put("image_id", ID).put("label", label).toBuffer();
    }

    private static FeedbackRejected rejection(Buffer body) {
        return assertThrows(FeedbackRejected.class, () -> FeedbackRequest.parse(body));
    }

    private static String rejectionCode(Buffer body) {
        return rejection(body).code();
    }

    @Test
    void acceptsAWellFormedLabelAndTrimsIt() {
        assertEquals(new FeedbackRequest(ID, "malay civet"), FeedbackRequest.parse(body("  malay civet ")));
        assertEquals("Sus_barbatus-2.v1", FeedbackRequest.parse(body("Sus_barbatus-2.v1")).label());
    }

    /** The rule itself is LabelNameTest's; here: the request applies it, after trimming, and says what is wrong. */
    @ParameterizedTest
    @ValueSource(strings = {"   ", "semi;colon", "white-tailed deer (juvenile)"})
    void refusesLabelsThatAreNotLabelNames(String label) {
        FeedbackRejected rejected = rejection(body(label));
        assertEquals("invalid_label", rejected.code());
        assertEquals(LabelName.problem(label.trim()).orElseThrow(), rejected.getMessage());
    }

    @Test
    void refusesOverlongAndNonTextLabels() {
        assertEquals("invalid_label", rejectionCode(body("x".repeat(LabelName.MAX_LENGTH + 1))));
        assertEquals("invalid_label", rejectionCode(body(42)));
        assertEquals("invalid_label", rejectionCode(new JsonObject().put("image_id", ID).toBuffer()));
    }

    @Test
    void refusesBodiesThatAreNotTheRightJsonObject() {
        assertEquals("invalid_json", rejectionCode(Buffer.buffer("{not json")));
        assertEquals("invalid_json", rejectionCode(Buffer.buffer("[\"" + ID + "\", \"moonrat\"]")));
        assertEquals("invalid_json", rejectionCode(Buffer.buffer("")));
        assertEquals("invalid_json", rejectionCode(null));
    }

    @Test
    void refusesMalformedImageIds() {
        assertEquals("invalid_image_id", rejectionCode(new JsonObject().put("image_id", ID.toUpperCase())
            .put("label", "moonrat").toBuffer()));
        assertEquals("invalid_image_id", rejectionCode(new JsonObject().put("image_id", "../../etc/passwd")
            .put("label", "moonrat").toBuffer()));
        assertEquals("invalid_image_id", rejectionCode(new JsonObject().put("label", "moonrat").toBuffer()));
    }

    @Test
    void severalSpeciesWithCountsAreReadAndTheFirstIsTheLabel() {
        Buffer body = new JsonObject().put("image_id", ID).put("species", new JsonArray()
            .add(new JsonObject().put("label", " sambar ").put("count", 2))
            .add(new JsonObject().put("label", "muntjac").put("count", 1))).toBuffer();
        FeedbackRequest request = FeedbackRequest.parse(body);
        assertEquals("sambar", request.label());
        assertEquals(List.of(new Feedback.SpeciesCount("sambar", 2), new Feedback.SpeciesCount("muntjac", 1)),
            request.species());
        assertEquals(request.species(), request.toFeedback("ana", Instant.now(), null).species());
    }

    @Test
    void refusesAMalformedSpeciesList() {
        for (Object species : List.of("sambar", new JsonArray(),
            new JsonArray().add(new JsonObject().put("label", "sambar").put("count", 0)),
            new JsonArray().add(new JsonObject().put("label", "sambar").put("count", 1.5)),
            new JsonArray().add(new JsonObject().put("label", "sambar").put("count", 1))
                .add(new JsonObject().put("label", "sambar").put("count", 2)))) {
            assertEquals("invalid_species", rejectionCode(new JsonObject().put("image_id", ID).put("species", species)
                .toBuffer()), String.valueOf(species));
        }
        assertEquals("invalid_label", rejectionCode(new JsonObject().put("image_id", ID).put("species",
            new JsonArray().add(new JsonObject().put("label", "sam;bar").put("count", 1))).toBuffer()));
    }
}
