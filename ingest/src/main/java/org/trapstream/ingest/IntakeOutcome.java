package org.trapstream.ingest;

import org.trapstream.common.contract.DeadLetter;
import org.trapstream.common.contract.ImageRecord;

/** What became of an image: published, recognised as already published, or dead-lettered with a reason. */
sealed interface IntakeOutcome {

    String imageId();

    /** Value of the {@code outcome} metric tag. */
    String tag();

    record Accepted(ImageRecord image) implements IntakeOutcome {
        @Override
        public String imageId() {
            return image.imageId();
        }

        @Override
        public String tag() {
            return "accepted";
        }
    }

    record Duplicate(String imageId) implements IntakeOutcome {
        @Override
        public String tag() {
            return "duplicate";
        }
    }

    record Rejected(DeadLetter letter) implements IntakeOutcome {
        @Override
        public String imageId() {
            return letter.imageId();
        }

        @Override
        public String tag() {
            return "rejected";
        }
    }
}
