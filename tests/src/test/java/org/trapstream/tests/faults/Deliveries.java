package org.trapstream.tests.faults;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.vertx.core.json.JsonObject;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.DeadLetter;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.TestKafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What became of each image sent: its predictions (by model version) and dead letters, counted per image id.
 * Read once the classifier's group has committed the image topic to its end, so the output topics up to their
 * ends hold every outcome there will be: a missing id is lost, not late.
 */
record Deliveries(Set<String> sent, Map<String, Map<String, Integer>> predictionsByVersion,
                  Map<String, Integer> deadLetters) {

    /** A new classifier group that starts at the end of {@code camtrap.images}: it reads only what the test sends. */
    static String newClassifierGroup(String name) {
        String group = TestKafka.uniqueGroup(name);
        TestKafka.startGroupAtEnd(group, Topics.IMAGES);
        return group;
    }

    /** Waits until {@code group} has handled everything on {@code camtrap.images}, then counts the outcomes. */
    static Deliveries settled(String group, Set<String> sent) {
        return settled(TestKafka.config(), group, sent);
    }

    /** {@link #settled(String, Set)} on the cluster that {@code cluster}'s Kafka keys name. */
    static Deliveries settled(TrapstreamConfig cluster, String group, Set<String> sent) {
        TestKafka.awaitCommittedToEnd(cluster, group, Topics.IMAGES);
        Map<String, Map<String, Integer>> predictions = new HashMap<>();
        TestKafka.readToEnd(cluster, Topics.PREDICTIONS, r -> sent.contains(r.key())).forEach(r -> {
            Prediction p = Prediction.fromJson(new JsonObject(new String(r.value(), StandardCharsets.UTF_8)));
            predictions.computeIfAbsent(p.imageId(), id -> new HashMap<>()).merge(p.modelVersion(), 1, Integer::sum);
        });
        Map<String, Integer> deadLetters = new HashMap<>();
        TestKafka.readToEnd(cluster, Topics.IMAGES_REJECTED, r -> sent.contains(r.key())).forEach(r -> {
            DeadLetter letter = DeadLetter.fromKafka(r.headers(), r.value());
            assertTrue(letter.reason() != null && !letter.detail().isBlank(), "a dead letter says why: " + letter);
            deadLetters.merge(letter.imageId(), 1, Integer::sum);
        });
        return new Deliveries(Set.copyOf(sent), predictions, deadLetters);
    }

    /** Every image has an outcome, of one kind only; prints the duplicates (at-least-once redeliveries). */
    void assertNoneLost(String scenario) {
        Set<String> settled = new HashSet<>(predictionsByVersion.keySet());
        settled.addAll(deadLetters.keySet());
        Set<String> missing = new HashSet<>(sent);
        missing.removeAll(settled);
        assertEquals(Set.of(), missing, missing.size() + " of " + sent.size() + " images have no outcome");
        Set<String> both = new HashSet<>(predictionsByVersion.keySet());
        both.retainAll(deadLetters.keySet());
        assertEquals(Set.of(), both, "images both predicted and dead-lettered");
        System.out.printf("%s: %d images, %d predicted, %d dead letters, %d duplicate deliveries%n", scenario,
            sent.size(), predictionsByVersion.size(), deadLetters.size(), duplicates());
    }

    /** Outcomes beyond the first per image: redeliveries after a crash, harmless to consumers keyed by image id. */
    long duplicates() {
        long predictions = predictionsByVersion.values().stream()
            .flatMap(byVersion -> byVersion.values().stream()).mapToLong(Integer::longValue).sum();
        long letters = deadLetters.values().stream().mapToLong(Integer::longValue).sum();
        return predictions + letters - predictionsByVersion.size() - deadLetters.size();
    }

    /** The model versions that predicted anything. */
    Set<String> versions() {
        Set<String> versions = new HashSet<>();
        predictionsByVersion.values().forEach(byVersion -> versions.addAll(byVersion.keySet()));
        return versions;
    }

    void assertNoDeadLetters() {
        assertTrue(deadLetters.isEmpty(), "valid images were dead-lettered: " + deadLetters.keySet());
    }
}
