package org.trapstream.trainer.feedback;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.contract.CameraId;
import org.trapstream.common.contract.Feedback;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.LabelName;
import org.trapstream.image.store.ImageStore;
import org.trapstream.trainer.labels.LabelRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Label names are judged by the common {@link LabelName} rule, the one the dashboard applies before sending. */
class FeedbackIntakeTest {

    @TempDir
    Path storeDir;
    private FeedbackIntake intake;
    private String stored;

    @BeforeEach
    void setUp() {
        ImageStore images = new ImageStore(storeDir);
        byte[] bytes = "a stored image".getBytes(StandardCharsets.UTF_8);
        stored = ImageIds.of(bytes);
        images.put(stored, bytes);
        intake = new FeedbackIntake(images);
    }

    private FeedbackIntake.Outcome check(String label) {
        return check(label, "cam-7");
    }

    private FeedbackIntake.Outcome check(String label, String cameraId) {
        return intake.check(new Feedback(stored, label, "ana", Instant.now(), cameraId).toJson().encode()
            .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsALabelNameAndKeepsTheCameraAsTheSite() {
        FeedbackIntake.Outcome outcome = check("mouse_deer");
        assertTrue(outcome.isAccepted(), outcome.detail());
        assertEquals("mouse_deer", outcome.label().label());
        assertEquals("cam-7", outcome.label().site());
    }

    @Test
    void feedbackWithoutACameraHasNoSiteAndABadCameraIdIsRefused() {
        FeedbackIntake.Outcome withoutCamera = check("mouse_deer", null);
        assertTrue(withoutCamera.isAccepted(), withoutCamera.detail());
        assertNull(withoutCamera.label().site());

        FeedbackIntake.Outcome badCamera = check("mouse_deer", "cam 7/../x");
        assertFalse(badCamera.isAccepted());
        assertEquals(FeedbackRejection.MALFORMED, badCamera.rejection());
        assertTrue(badCamera.detail().contains(CameraId.RULE), badCamera.detail());
    }

    @Test
    void refusesWhatTheLabelNameRuleRefusesAndSaysWhy() {
        String label = "white-tailed deer (juvenile)";
        FeedbackIntake.Outcome outcome = check(label);
        assertFalse(outcome.isAccepted());
        assertEquals(FeedbackRejection.INVALID_LABEL, outcome.rejection());
        assertEquals("feedback for image " + stored + ": " + LabelName.problem(label).orElseThrow(), outcome.detail());
    }

    private FeedbackIntake.Outcome check(Feedback feedback) {
        return intake.check(feedback.toJson().encode().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void severalSpeciesAreStoredAsTheFirstAndEveryNameAndCountIsChecked() {
        FeedbackIntake.Outcome outcome = check(Feedback.ofSpecies(stored, List.of(
            new Feedback.SpeciesCount("sambar", 2), new Feedback.SpeciesCount("muntjac", 1)), "ana", Instant.now(), "cam-7"));
        assertTrue(outcome.isAccepted(), outcome.detail());
        assertEquals("sambar", outcome.label().label());

        FeedbackIntake.Outcome badName = check(Feedback.ofSpecies(stored, List.of(
            new Feedback.SpeciesCount("sambar", 2), new Feedback.SpeciesCount("mun(tjac)", 1)), "ana", Instant.now(), null));
        assertEquals(FeedbackRejection.INVALID_LABEL, badName.rejection());
        FeedbackIntake.Outcome noneCounted = check(Feedback.ofSpecies(stored, List.of(
            new Feedback.SpeciesCount("sambar", 0)), "ana", Instant.now(), null));
        assertEquals(FeedbackRejection.INVALID_LABEL, noneCounted.rejection());
        assertTrue(noneCounted.detail().contains("count"), noneCounted.detail());
    }

    @Test
    void aRetractionIsStoredAsOneForTheLabelItTakesBack() {
        Instant given = Instant.parse("2024-05-01T06:00:00Z");
        FeedbackIntake.Outcome outcome = check(Feedback.retraction(stored, "ana", given.plusSeconds(5), "cam-7", given));
        assertTrue(outcome.isAccepted(), outcome.detail());
        assertTrue(outcome.label().isRetraction());
        assertTrue(outcome.label().retracts(new LabelRecord(stored, "sambar", "ana", given, "feedback", "cam-7")));
        assertFalse(outcome.label().retracts(new LabelRecord(stored, "sambar", "ben", given, "feedback", "cam-7")));
    }
}
