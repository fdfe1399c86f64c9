package org.trapstream.common.contract;

import java.time.Instant;
import java.util.List;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PredictionTest {

    private static Prediction prediction(double oodScore, boolean outOfDistribution) {
        return prediction(oodScore, outOfDistribution, false);
    }

    private static Prediction prediction(double oodScore, boolean outOfDistribution, boolean empty) {
        return new Prediction("img-1", "cam-07", Instant.parse("2026-05-02T04:13:55Z"), "v0003", "leopard_cat", 0.91,
            List.of(new Prediction.LabelScore("leopard_cat", 0.91)), oodScore, outOfDistribution, empty,
            new Prediction.Review(true, List.of(Prediction.Review.OUT_OF_DISTRIBUTION)),
            new Prediction.Timings(1, 2, 3, 6), Instant.parse("2026-11-21T15:02:11Z"));
    }

    @Test
    void carriesTheOutOfDistributionScoreAndFlag() {
        Prediction flagged = prediction(2.5, true);
        JsonObject json = flagged.toJson();
        assertEquals(2.5, json.getDouble("ood_score"));
        assertTrue(json.getBoolean("out_of_distribution"));
        assertEquals(flagged, Prediction.fromJson(json));
    }

    @Test
    void aVersionWithoutADetectorGivesANullScore() {
        JsonObject json = prediction(Double.NaN, false).toJson();
        assertTrue(json.containsKey("ood_score"));
        assertNull(json.getValue("ood_score"));
        assertTrue(Double.isNaN(Prediction.fromJson(json).oodScore()));
    }

    @Test
    void aPredictionWrittenBeforeTheFieldsExistedReadsAsNotFlagged() {
        JsonObject older = prediction(1.0, true).toJson();
        older.remove("ood_score");
        older.remove("out_of_distribution");
        Prediction read = Prediction.fromJson(older);
        assertTrue(Double.isNaN(read.oodScore()));
        assertFalse(read.outOfDistribution());
    }

    @Test
    void carriesTheEmptyFlag() {
        Prediction empty = prediction(0.2, false, true);
        JsonObject json = empty.toJson();
        assertTrue(json.getBoolean("empty"));
        assertEquals(empty, Prediction.fromJson(json));
        assertEquals(Prediction.SCHEMA_VERSION, json.getInteger("schema_version"), "an added field keeps the version");
    }

    @Test
    void aPredictionWrittenBeforeTheEmptyFlagExistedReadsAsNotEmpty() {
        JsonObject older = prediction(0.2, false, true).toJson();
        older.remove("empty");
        assertFalse(Prediction.fromJson(older).empty());
    }
}
