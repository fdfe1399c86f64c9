package org.trapstream.trainer.labels;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.EnumCodes;
import org.trapstream.model.train.TrainingSettings;
import org.trapstream.trainer.TrainerConfig;

/**
 * Assigns each labelled image to a {@link Split} from a hash alone, so the assignment never depends on when the
 * label arrived or the order of a snapshot: an image evaluated once is evaluated forever, and never leaks into
 * training when more labels arrive or the trainer restarts.
 *
 * <p>The hash picks a bucket 0..99. The evaluation split takes the lowest buckets and validation the next ones,
 * so changing the validation percentage leaves the frozen evaluation set untouched.
 *
 * <p>What is hashed is the image id, until the labels name enough sites ({@link Scheme#SITE}): from then on an
 * image with a site is placed by its site's hash, so whole cameras are held out of training and the promotion gate
 * judges candidates where they never saw a frame, as a new camera will meet them. The switch happens once: sites
 * only ever get added to the label log, so a snapshot that qualifies is followed only by ones that do. It needs
 * at least {@code minSites} sites and at least one of them in each of evaluation and validation, so neither split
 * is left empty by chance. Images without a site (labels from before sites were recorded) keep their own hash.
 */
public final class SplitAssigner {

    /** What decides an image's split. */
    public enum Scheme {
        /** The image id: images of one camera fall on both sides. */
        IMAGE,
        /** The site (camera) of each image that has one: a site's images all fall on one side. */
        SITE;

        public String code() {
            return EnumCodes.of(this);
        }
    }

    private static final int BUCKETS = 100;

    private final int evaluationPercent;
    private final int validationPercent;
    private final int minSites;

    /** @param minSites sites the labels must name before whole sites are held out; 0 never holds out sites */
    public SplitAssigner(int validationPercent, int evaluationPercent, int minSites) {
        if (validationPercent < 0 || evaluationPercent < 0 || validationPercent + evaluationPercent >= BUCKETS) {
            throw new IllegalArgumentException("Validation " + validationPercent + "% and evaluation "
                + evaluationPercent + "% must leave images to train on");
        }
        if (minSites < 0) {
            throw new IllegalArgumentException("minSites must be 0 or more, was " + minSites);
        }
        this.validationPercent = validationPercent;
        this.evaluationPercent = evaluationPercent;
        this.minSites = minSites;
    }

    public static SplitAssigner from(TrapstreamConfig config) {
        return new SplitAssigner(config.getInt(TrainingSettings.SPLIT_VALIDATION_PERCENT),
            config.getInt(TrainerConfig.SPLIT_EVALUATION_PERCENT), config.getInt(TrainerConfig.SPLIT_SITE_MIN_SITES));
    }

    /** The scheme these labels are split under. */
    public Scheme schemeFor(Collection<LabelRecord> records) {
        if (minSites == 0) {
            return Scheme.IMAGE;
        }
        Set<String> sites = records.stream().map(LabelRecord::site).filter(Objects::nonNull).collect(Collectors.toSet());
        if (sites.size() < minSites) {
            return Scheme.IMAGE;
        }
        Set<Split> reached = sites.stream().map(site -> splitOfBucket(bucketOf("site:" + site)))
            .collect(Collectors.toSet());
        return reached.contains(Split.EVALUATION) && reached.contains(Split.VALIDATION) ? Scheme.SITE : Scheme.IMAGE;
    }

    /** The labels cut into splits, and the scheme that cut them. */
    public record Assignment(Scheme scheme, Map<Split, List<LabelRecord>> parts) {

        public List<LabelRecord> of(Split split) {
            return parts.get(split);
        }
    }

    /** The records of each split, under the scheme the records themselves call for. */
    public Assignment assign(List<LabelRecord> records) {
        Scheme scheme = schemeFor(records);
        Map<Split, List<LabelRecord>> parts = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            parts.put(split, records.stream().filter(r -> splitOf(r, scheme) == split).toList());
        }
        return new Assignment(scheme, parts);
    }

    public Split splitOf(LabelRecord record, Scheme scheme) {
        return scheme == Scheme.SITE && record.site() != null ? splitOfBucket(bucketOf("site:" + record.site()))
            : splitOf(record.imageId());
    }

    /** The split of an image under {@link Scheme#IMAGE}. */
    public Split splitOf(String imageId) {
        return splitOfBucket(bucketOf(imageId));
    }

    private Split splitOfBucket(int bucket) {
        if (bucket < evaluationPercent) {
            return Split.EVALUATION;
        }
        return bucket < evaluationPercent + validationPercent ? Split.VALIDATION : Split.TRAIN;
    }

    /**
     * Re-hashes the key rather than reading an id's hex digits: ids are SHA-256 of the bytes today, but the split
     * must stay uniform for any id scheme, and this salt keeps it independent of other uses of the id's digits.
     * Sites are hashed with a {@code site:} prefix so a site can never share an image id's bucket by name.
     */
    private static int bucketOf(String key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("trapstream-split:".getBytes(StandardCharsets.UTF_8));
            long hash = ByteBuffer.wrap(sha.digest(key.getBytes(StandardCharsets.UTF_8))).getLong();
            return (int) Long.remainderUnsigned(hash, BUCKETS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
