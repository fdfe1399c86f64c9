package org.trapstream.classifier;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import org.trapstream.serving.LoadedModel;

/**
 * The model that serves, as each inference thread sees it: one {@link AtomicReference} per thread, read once
 * at the start of every batch, so a swap takes effect between batches and never inside one. The decode threads
 * read the serving model's preprocessing; an image preprocessed for a model that was swapped out meanwhile is
 * checked again by the inference thread ({@link ServingModel#sameInput}).
 */
final class ModelHolder {

    private final List<AtomicReference<LoadedModel>> perThread;
    private volatile ServingModel serving;

    ModelHolder(int inferenceThreads) {
        this.perThread = IntStream.range(0, inferenceThreads)
            .mapToObj(i -> new AtomicReference<LoadedModel>())
            .toList();
    }

    /** Thread-safe; the previous model is dropped once each thread has finished its current batch. */
    void install(ServingModel model) {
        for (int i = 0; i < perThread.size(); i++) {
            perThread.get(i).set(model.copies().get(i));
        }
        serving = model;
    }

    Optional<ServingModel> serving() {
        return Optional.ofNullable(serving);
    }

    /** The copy inference thread {@code index} uses for its next batch; null before the first install. */
    LoadedModel forThread(int index) {
        return perThread.get(index).get();
    }

    int threads() {
        return perThread.size();
    }
}
