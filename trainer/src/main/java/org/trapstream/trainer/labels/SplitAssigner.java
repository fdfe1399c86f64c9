package org.trapstream.trainer.labels;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.model.train.TrainingSettings;
import org.trapstream.trainer.TrainerConfig;

/**
 * Assigns each image to a {@link Split} from a hash of its id alone, so the assignment never depends on when
 * the label arrived, which labels exist or the order of a snapshot: an image evaluated once is evaluated
 * forever, and never leaks into training when more labels arrive or the trainer restarts.
 *
 * <p>The hash picks a bucket 0..99. The evaluation split takes the lowest buckets and validation the next ones,
 * so changing the validation percentage leaves the frozen evaluation set untouched.
 */
public final class SplitAssigner {

    private static final int BUCKETS = 100;

    private final int evaluationPercent;
    private final int validationPercent;

    public SplitAssigner(int validationPercent, int evaluationPercent) {
        if (validationPercent < 0 || evaluationPercent < 0 || validationPercent + evaluationPercent >= BUCKETS) {
            throw new IllegalArgumentException("Validation " + validationPercent + "% and evaluation "
                + evaluationPercent + "% must leave images to train on");
        }
        this.validationPercent = validationPercent;
        this.evaluationPercent = evaluationPercent;
    }

    public static SplitAssigner from(TrapstreamConfig config) {
        return new SplitAssigner(config.getInt(TrainingSettings.SPLIT_VALIDATION_PERCENT),
            config.getInt(TrainerConfig.SPLIT_EVALUATION_PERCENT));
    }

    public Split splitOf(String imageId) {
        int bucket = bucketOf(imageId);
        if (bucket < evaluationPercent) {
            return Split.EVALUATION;
        }
        return bucket < evaluationPercent + validationPercent ? Split.VALIDATION : Split.TRAIN;
    }

    /**
     * Re-hashes the id rather than reading its hex digits: ids are SHA-256 of the bytes today, but the split
     * must stay uniform for any id scheme, and this salt keeps it independent of other uses of the id's digits.
     */
    private static int bucketOf(String imageId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("trapstream-split:".getBytes(StandardCharsets.UTF_8));
            long hash = ByteBuffer.wrap(sha.digest(imageId.getBytes(StandardCharsets.UTF_8))).getLong();
            return (int) Long.remainderUnsigned(hash, BUCKETS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
