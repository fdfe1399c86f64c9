package org.trapstream.model.train;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.trapstream.model.TinyNetworks;
import org.trapstream.model.data.ChannelStats;
import org.trapstream.model.data.DecodedImage;
import org.trapstream.serving.Preprocessor;
import org.trapstream.testkit.TestImages;

/**
 * Decoded images of easy classes for training tests: a class is the colour of the left half (ant red, bee green,
 * wasp blue, then grey), the right half is random, and every pixel gets seeded noise so no two images are equal.
 */
final class SyntheticImages {

    private static final List<Color> COLOURS = List.of(Color.RED, Color.GREEN, Color.BLUE, Color.GRAY);
    private static final int NOISE = 40;

    private SyntheticImages() {
    }

    /** {@code counts} images per label, in the map's order; the label's index picks its colour. */
    static List<DecodedImage> of(Map<String, Integer> counts, List<String> labels, int size, long seed) {
        Random random = new Random(seed);
        List<DecodedImage> images = new ArrayList<>();
        counts.forEach((label, n) -> {
            for (int i = 0; i < n; i++) {
                Color right = new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
                BufferedImage image = TestImages.halves(size, size, COLOURS.get(labels.indexOf(label)), right);
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        image.setRGB(x, y, noisy(image.getRGB(x, y), random));
                    }
                }
                images.add(new DecodedImage(image, label));
            }
        });
        return images;
    }

    /** A preprocessor normalised on the images themselves, as a training run's would be. */
    /** Image counts of {@link TinyNetworks#LABELS}' ants, bees and wasps, in that order. */
    static Map<String, Integer> counts(int ants, int bees, int wasps) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("ant", ants);
        counts.put("bee", bees);
        counts.put("wasp", wasps);
        return counts;
    }

    static Preprocessor preprocessor(List<DecodedImage> images, int size) {
        ChannelStats stats = ChannelStats.of(images.stream().map(DecodedImage::image).toList());
        return new Preprocessor(size, stats.mean(), stats.std());
    }

    private static int noisy(int rgb, Random random) {
        int r = clamp(((rgb >> 16) & 0xFF) + random.nextInt(2 * NOISE + 1) - NOISE);
        int g = clamp(((rgb >> 8) & 0xFF) + random.nextInt(2 * NOISE + 1) - NOISE);
        int b = clamp((rgb & 0xFF) + random.nextInt(2 * NOISE + 1) - NOISE);
        return (r << 16) | (g << 8) | b;
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }
}
