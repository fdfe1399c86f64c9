package org.trapstream.ingest;

import java.util.Locale;

import org.trapstream.common.contract.DeadLetter;
import org.trapstream.common.contract.ImageRecord;

/** What became of an image: published, recognised as already published, or dead-lettered with a reason. */
sealed interface IntakeOutcome {

    String imageId();

    /** Value of the {@code outcome} metric tag: the outcome's name in lower case. */
    default String tag() {
        return getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    record Accepted(ImageRecord image) implements IntakeOutcome {
        @Override
        public String imageId() {
            return image.imageId();
        }
    }

    record Duplicate(String imageId) implements IntakeOutcome {
    }

    record Rejected(DeadLetter letter) implements IntakeOutcome {
        @Override
        public String imageId() {
            return letter.imageId();
        }
    }
}
