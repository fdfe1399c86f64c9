package org.trapstream.trainer.feedback;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;

import io.vertx.core.json.JsonObject;
import org.trapstream.common.contract.CameraId;
import org.trapstream.common.contract.Feedback;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.LabelName;
import org.trapstream.image.store.ImageStore;
import org.trapstream.trainer.labels.LabelRecord;

/**
 * Turns a raw feedback record into a label worth storing, or says why not. Labels are only kept for images
 * in the {@link ImageStore}: a label for an image the trainer cannot read is useless and probably a typo.
 * An accepted label's image is marked kept ({@link ImageStore#keep}) before the label is stored, so the store's
 * retention never deletes a labelled image. Blocking (looks in the image store and writes its keep marker).
 *
 * <p>A label with several species ({@link Feedback#species}) is stored as its first species, the one a
 * single-label classifier learns; every species name is checked. A retraction is stored as such: the label it
 * takes back stops counting ({@link LabelRecord#retracts}).
 */
public final class FeedbackIntake {

    /** Either {@code label} or {@code rejection} (with a human-readable {@code detail}) is set. */
    public record Outcome(LabelRecord label, FeedbackRejection rejection, String detail) {

        static Outcome accepted(LabelRecord label) {
            return new Outcome(label, null, null);
        }

        static Outcome rejected(FeedbackRejection rejection, String detail) {
            return new Outcome(null, rejection, detail);
        }

        public boolean isAccepted() {
            return label != null;
        }
    }

    private final ImageStore images;

    public FeedbackIntake(ImageStore images) {
        this.images = images;
    }

    public Outcome check(byte[] value) {
        Feedback feedback;
        try {
            feedback = Feedback.fromJson(new JsonObject(new String(value, StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            return Outcome.rejected(FeedbackRejection.MALFORMED, "unreadable feedback: " + e.getMessage());
        }
        if (feedback.labeler() == null || feedback.labeler().isBlank()) {
            return Outcome.rejected(FeedbackRejection.MALFORMED, "feedback names no labeler");
        }
        if (!ImageIds.isValid(feedback.imageId())) {
            return Outcome.rejected(FeedbackRejection.UNKNOWN_IMAGE, "not an image id: " + feedback.imageId());
        }
        if (feedback.cameraId() != null && !CameraId.isValid(feedback.cameraId())) {
            return Outcome.rejected(FeedbackRejection.MALFORMED,
                "feedback for image " + feedback.imageId() + " names a camera id that does not match " + CameraId.RULE);
        }
        Optional<String> labelProblem = feedback.isRetraction() ? Optional.empty() : labelProblem(feedback);
        if (labelProblem.isPresent()) {
            return Outcome.rejected(FeedbackRejection.INVALID_LABEL,
                "feedback for image " + feedback.imageId() + ": " + labelProblem.get());
        }
        if (!images.contains(feedback.imageId())) {
            return Outcome.rejected(FeedbackRejection.UNKNOWN_IMAGE, "image " + feedback.imageId() + " is not stored");
        }
        if (feedback.isRetraction()) {
            // Nothing to keep on disk for: the image keeps whatever protection its labels gave it.
            return Outcome.accepted(LabelRecord.retraction(feedback.imageId(), feedback.labeler(),
                feedback.labeledAt(), LabelRecord.SOURCE_FEEDBACK, feedback.cameraId(), feedback.retractsLabeledAt()));
        }
        images.keep(feedback.imageId());
        return Outcome.accepted(new LabelRecord(feedback.imageId(), feedback.label(), feedback.labeler(),
            feedback.labeledAt(), LabelRecord.SOURCE_FEEDBACK, feedback.cameraId()));
    }

    /** The first problem with the label or a species' name or count. */
    private static Optional<String> labelProblem(Feedback feedback) {
        return Stream.concat(Stream.of(feedback.label()), feedback.species().stream().map(Feedback.SpeciesCount::label))
            .map(LabelName::problem).flatMap(Optional::stream).findFirst()
            .or(() -> feedback.species().stream().anyMatch(species -> species.count() < 1)
                ? Optional.of("every species count must be at least 1") : Optional.empty());
    }
}
