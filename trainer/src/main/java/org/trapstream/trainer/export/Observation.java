package org.trapstream.trainer.export;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.trapstream.common.contract.Prediction;
import org.trapstream.exchange.CamtrapDp;
import org.trapstream.trainer.labels.LabelRecord;

/**
 * What one image shows, as a media-based Camtrap DP observation: a person's label when there is one, else the
 * model's prediction, else nothing ({@code unclassified}). The blank class is {@code blank}; any other label is an
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

    static Observation of(Prediction prediction, LabelRecord human, String blankLabel) {
        if (human != null) {
            return new Observation(typeOf(human.label(), blankLabel), human.label(), "human", human.labeler(),
                human.labeledAt(), null);
        }
        if (prediction.label() != null) {
            return new Observation(typeOf(prediction.label(), blankLabel), prediction.label(), "machine",
                "Trapstream model " + prediction.modelVersion(), prediction.classifiedAt(), prediction.confidence());
        }
        return new Observation(UNCLASSIFIED, null, null, null, null, null);
    }

    private static String typeOf(String label, String blankLabel) {
        return label.equals(blankLabel) ? BLANK : ANIMAL;
    }

    /** The taxon it names, for animals. */
    Optional<String> scientificName() {
        return type.equals(ANIMAL) ? Optional.of(label) : Optional.empty();
    }

    /** Its row of {@code observations.csv}; the observation of a medium is the medium's id with {@code _1}. */
    List<String> row(String deploymentId, String mediaId, String timestamp) {
        Map<String, String> cells = new HashMap<>();
        cells.put("observationID", mediaId + "_1");
        cells.put("deploymentID", deploymentId);
        cells.put("mediaID", mediaId);
        cells.put("eventStart", timestamp);
        cells.put("eventEnd", timestamp);
        cells.put("observationLevel", "media");
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
