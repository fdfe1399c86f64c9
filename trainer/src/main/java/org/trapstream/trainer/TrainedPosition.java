package org.trapstream.trainer;

import java.util.List;

import org.trapstream.serving.ModelMetadata;

/**
 * Where in the label log the last training run's snapshot ended, read back from the registry after a restart:
 * the largest {@code data.log_position} of the versions this trainer saved. Labels after it are new.
 */
final class TrainedPosition {

    static long of(List<ModelMetadata> versions, long logPosition) {
        long trained = versions.stream()
            .mapToLong(m -> m.data().getLong("log_position", 0L))
            .max().orElse(0);
        // A log that is shorter than a model's data was replaced: count all of it as new.
        return trained > logPosition ? 0 : trained;
    }

    private TrainedPosition() {
    }
}
