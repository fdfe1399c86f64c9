package org.trapstream.trainer.export;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.trapstream.common.contract.CaptureEvent;
import org.trapstream.common.contract.Prediction;
import org.trapstream.exchange.CamtrapDp;
import org.trapstream.trainer.labels.LabelRecord;

/**
 * What one image or one event shows, as a Camtrap DP observation: a person's label when there is one, else the
 * model's, else nothing ({@code unclassified}). The blank class is {@code blank}; any other label is an
 * {@code animal} of that name (Trapstream's class names go into {@code scientificName} as they are).
 *
 * @param method      {@code human} or {@code machine}; null when unclassified
 * @param probability the model's confidence; null for a person's label
 */
record Observation(String type, String label, String method, String classifiedBy, Instant classifiedAt,
                   Double probability) {

    static final String ANIMAL = "animal";
    static final String BLANK = "blank";
    static final String UNCLASSIFIED = "unclassified";

    private static final Observation NONE = new Observation(UNCLASSIFIED, null, null, null, null, null);
    private static final String MODEL = "Trapstream model ";

    static Observation of(Prediction prediction, LabelRecord human, String blankLabel) {
        if (human != null) {
            return new Observation(typeOf(human.label(), blankLabel), human.label(), "human", human.labeler(),
                human.labeledAt(), null);
        }
        if (prediction.label() != null) {
            return new Observation(typeOf(prediction.label(), blankLabel), prediction.label(), "machine",
                MODEL + prediction.modelVersion(), prediction.classifiedAt(), prediction.confidence());
        }
        return NONE;
    }

    /**
     * What an event shows. When people labelled any of its frames, their label wins: the label most of those frames
     * carry (people who disagree are outvoted; a tie goes to the label given last), classified by the people who
     * gave that label, at the last time one of them did. Otherwise the event's own label and confidence, classified
     * by the model version(s) that predicted its frames.
     *
     * @param frames the last prediction of each of the event's frames that has one
     * @param humans the people's labels of the event's frames
     */
    static Observation of(CaptureEvent event, Collection<Prediction> frames, Collection<LabelRecord> humans,
                          String blankLabel) {
        if (!humans.isEmpty()) {
            Map<String, List<LabelRecord>> byLabel = humans.stream().collect(Collectors.groupingBy(LabelRecord::label));
            List<LabelRecord> winners = byLabel.values().stream()
                .max(Comparator.comparingInt((List<LabelRecord> agreeing) -> agreeing.size())
                    .thenComparing(agreeing -> lastLabelled(agreeing)))
                .orElseThrow();
            String label = winners.get(0).label();
            return new Observation(typeOf(label, blankLabel), label, "human",
                joinedSorted(winners, LabelRecord::labeler), lastLabelled(winners), null);
        }
        if (event.label() == null) {
            return NONE;
        }
        List<Prediction> classified = frames.stream().filter(p -> p.modelVersion() != null).toList();
        return new Observation(typeOf(event.label(), blankLabel), event.label(), "machine",
            classified.isEmpty() ? null : MODEL + joinedSorted(classified, Prediction::modelVersion),
            classified.stream().map(Prediction::classifiedAt).max(Comparator.naturalOrder()).orElse(null),
            event.confidence());
    }

    private static Instant lastLabelled(List<LabelRecord> labels) {
        return labels.stream().map(LabelRecord::labeledAt).max(Comparator.naturalOrder()).orElseThrow();
    }

    private static <T> String joinedSorted(Collection<T> items, Function<T, String> name) {
        return items.stream().map(name).filter(Objects::nonNull).distinct().sorted().collect(Collectors.joining(", "));
    }

    private static String typeOf(String label, String blankLabel) {
        return label.equals(blankLabel) ? BLANK : ANIMAL;
    }

    /** The taxon it names, for animals. */
    Optional<String> scientificName() {
        return type.equals(ANIMAL) ? Optional.of(label) : Optional.empty();
    }

    /**
     * Its row of {@code observations.csv} as the observation of a medium, whose id with {@code _1} it takes;
     * {@code eventId} is the event the medium is a frame of, null when none.
     */
    List<String> mediaRow(String deploymentId, String mediaId, String eventId, String timestamp) {
        return row(mediaId + "_1", "media", deploymentId, mediaId, eventId, timestamp, timestamp);
    }

    /** Its row of {@code observations.csv} as the observation of an event, whose id with {@code _1} it takes. */
    List<String> eventRow(String deploymentId, String eventId, String start, String end) {
        return row(eventId + "_1", "event", deploymentId, null, eventId, start, end);
    }

    private List<String> row(String observationId, String level, String deploymentId, String mediaId,
                             String eventId, String start, String end) {
        Map<String, String> cells = new HashMap<>();
        cells.put("observationID", observationId);
        cells.put("deploymentID", deploymentId);
        cells.put("mediaID", mediaId);
        cells.put("eventID", eventId);
        cells.put("eventStart", start);
        cells.put("eventEnd", end);
        cells.put("observationLevel", level);
        cells.put("observationType", type);
        cells.put("scientificName", scientificName().orElse(null));
        cells.put("classificationMethod", method);
        cells.put("classifiedBy", classifiedBy);
        cells.put("classificationTimestamp",
            classifiedAt == null ? null : classifiedAt.truncatedTo(ChronoUnit.SECONDS).toString());
        cells.put("classificationProbability", probability == null ? null : Double.toString(probability));
        return CamtrapDp.columns(CamtrapDp.OBSERVATIONS).stream().map(column -> cells.getOrDefault(column, "")).toList();
    }
}
