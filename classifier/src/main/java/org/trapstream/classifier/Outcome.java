package org.trapstream.classifier;

import java.time.Instant;

import org.trapstream.common.contract.DeadLetter;
import org.trapstream.common.contract.Prediction;

/** What becomes of one consumed image: a prediction, or a dead letter. Either one finishes the record. */
sealed interface Outcome {

    /** @param receivedAt when ingest accepted the image, for the end-to-end latency */
    record Predicted(Prediction prediction, Instant receivedAt) implements Outcome {}

    record Rejected(DeadLetter deadLetter) implements Outcome {}
}
