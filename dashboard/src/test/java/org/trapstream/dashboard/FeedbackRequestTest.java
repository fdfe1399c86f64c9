package org.trapstream.dashboard;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
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
}
