package org.trapstream.model.data;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.stream.IntStream;
import org.trapstream.serving.engine.Dl4jEngine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.trapstream.serving.Preprocessor;

/**
 * Feeds cached images to DL4J in mini-batches: features [n, 3, size, size] normalised by the model's
 * {@link Preprocessor}, labels one-hot [n, classes]. A training iterator resamples and re-augments on every
 * {@link #reset()}; an in-order one yields the images unchanged, in their given order.
 */
public final class ImageBatchIterator implements DataSetIterator {

    private final List<DecodedImage> images;
    private final List<String> labels;
    private final int batchSize;
    private final Preprocessor preprocessor;
    private final Augmentation augmentation;
    private final Sampling sampling;
    private final Random random;
    private List<Integer> order;
    private int cursor;
    private DataSetPreProcessor dataSetPreProcessor;

    private ImageBatchIterator(List<DecodedImage> images, List<String> labels, int batchSize,
                               Preprocessor preprocessor, Augmentation augmentation, Sampling sampling,
                               Random random) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("Batch size must be at least 1: " + batchSize);
        }
        images.stream().filter(image -> !labels.contains(image.label())).findFirst().ifPresent(image -> {
            throw new IllegalArgumentException("Label " + image.label() + " is not one of " + labels);
        });
        this.images = List.copyOf(images);
        this.labels = List.copyOf(labels);
        this.batchSize = batchSize;
        this.preprocessor = preprocessor;
        this.augmentation = augmentation;
        this.sampling = sampling;
        this.random = random;
        this.order = IntStream.range(0, images.size()).boxed().toList();
        reset();
    }

    /**
     * Sampled and augmented anew each epoch, both driven by {@code seed}; {@code augmentation} may be
     * {@code null} to train on the images as they are.
     */
    public static ImageBatchIterator training(List<DecodedImage> images, List<String> labels, int batchSize,
                                              Preprocessor preprocessor, Augmentation augmentation,
                                              Sampling sampling, long seed) {
        return new ImageBatchIterator(images, labels, batchSize, preprocessor, augmentation, sampling,
            new Random(seed));
    }

    /** The images as they are, in order: for validation and evaluation. */
    public static ImageBatchIterator inOrder(List<DecodedImage> images, List<String> labels, int batchSize,
                                             Preprocessor preprocessor) {
        return new ImageBatchIterator(images, labels, batchSize, preprocessor, null, null, null);
    }

    /** Images per epoch (the same under every {@link Sampling}). */
    public int size() {
        return images.size();
    }

    @Override
    public boolean hasNext() {
        return cursor < order.size();
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("Epoch finished; call reset()");
        }
        int end = Math.min(cursor + num, order.size());
        List<float[]> features = new ArrayList<>(end - cursor);
        float[][] oneHot = new float[end - cursor][labels.size()];
        for (int row = 0; cursor < end; cursor++, row++) {
            DecodedImage image = images.get(order.get(cursor));
            features.add(preprocessor.preprocess(
                augmentation == null ? image.image() : augmentation.apply(image.image(), random)));
            oneHot[row][labels.indexOf(image.label())] = 1f;
        }
        INDArray labelArray = Nd4j.create(oneHot);
        DataSet batch = new DataSet(Dl4jEngine.array(preprocessor.stack(features)), labelArray);
        if (dataSetPreProcessor != null) {
            dataSetPreProcessor.preProcess(batch);
        }
        return batch;
    }

    @Override
    public void reset() {
        cursor = 0;
        if (random != null) {
            order = sampling.epoch(images, order, random);
        }
    }

    @Override
    public int inputColumns() {
        return 3 * preprocessor.inputSize() * preprocessor.inputSize();
    }

    @Override
    public int totalOutcomes() {
        return labels.size();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.dataSetPreProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return dataSetPreProcessor;
    }

    @Override
    public List<String> getLabels() {
        return labels;
    }
}
