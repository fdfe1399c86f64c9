package org.trapstream.dashboard;

import java.util.function.Predicate;

import io.vertx.core.MultiMap;
import org.trapstream.common.contract.CameraId;
import org.trapstream.common.contract.EnumCodes;
import org.trapstream.common.contract.Prediction;

/**
 * Which open review items a labeler wants next, from the query string: {@code camera} (one camera id),
 * {@code reason} (one review reason, e.g. {@code low_margin}), {@code min_confidence} and {@code max_confidence}
 * (0 to 1, of the model's top label), {@code empty} ({@code show}, {@code hide} or {@code only} the frames the
 * model marked empty) and {@code order} ({@code value}, {@code newest} or {@code oldest}). Each is optional; a bad
 * value is refused with an {@link IllegalArgumentException} that says which.
 */
record ReviewFilter(String camera, String reason, double minConfidence, double maxConfidence, EmptyFilter empty,
                    ReviewQueue.Order order) implements Predicate<Prediction> {

    static ReviewFilter parse(MultiMap query) {
        String camera = query.get("camera");
        if (camera != null && !CameraId.isValid(camera)) {
            throw new IllegalArgumentException("camera must be a camera id: " + CameraId.RULE);
        }
        String reason = query.get("reason");
        if (reason != null && !reason.matches("[a-z_]{1,64}")) {
            throw new IllegalArgumentException("reason must be a review reason such as low_confidence");
        }
        String order = query.get("order");
        return new ReviewFilter(camera, reason, confidence(query, "min_confidence", 0), confidence(query,
            "max_confidence", 1), EmptyFilter.of(query.get("empty")), order == null ? ReviewQueue.Order.VALUE
            : EnumCodes.parse(ReviewQueue.Order.class, order, "review order"));
    }

    private static double confidence(MultiMap query, String name, double absent) {
        String text = query.get(name);
        if (text == null) {
            return absent;
        }
        try {
            double value = Double.parseDouble(text);
            if (value >= 0 && value <= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below, with the others
        }
        throw new IllegalArgumentException(name + " must be a number from 0 to 1");
    }

    /** Items waiting for the first model have no confidence: a confidence filter leaves them out. */
    @Override
    public boolean test(Prediction item) {
        boolean confidenceFilter = minConfidence > 0 || maxConfidence < 1;
        return (camera == null || camera.equals(item.cameraId())) && empty.test(item)
            && (reason == null || item.review().reasons().contains(reason))
            && (!confidenceFilter || !item.awaitsModel()
                && item.confidence() >= minConfidence && item.confidence() <= maxConfidence);
    }
}
