package org.trapstream.model.data;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplingTest {

    private static final BufferedImage PIXEL = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);

    /** A skewed set: bees 90 at hive A and 10 at hive B; wasps 20, all at hive B. */
    private final List<DecodedImage> images = new ArrayList<>();

    SamplingTest() {
        IntStream.range(0, 90).forEach(i -> images.add(new DecodedImage(PIXEL, "bee", "A")));
        IntStream.range(0, 10).forEach(i -> images.add(new DecodedImage(PIXEL, "bee", "B")));
        IntStream.range(0, 20).forEach(i -> images.add(new DecodedImage(PIXEL, "wasp", "B")));
    }

    @Test
    void shuffleFeedsEveryImageOnceInANewOrder() {
        List<Integer> first = IntStream.range(0, images.size()).boxed().toList();
        Random random = new Random(1);

        List<Integer> second = Sampling.SHUFFLE.epoch(images, first, random);

        assertEquals(images.size(), second.size());
        assertEquals(IntStream.range(0, images.size()).boxed().toList(), second.stream().sorted().toList());
        assertNotEquals(first, second);
    }

    @Test
    void balancedDrawsClassesEvenlyAndEachClassesSitesEvenly() {
        Random random = new Random(3);
        Map<String, Integer> perClass = new HashMap<>();
        Map<String, Integer> beesPerSite = new HashMap<>();
        List<Integer> order = IntStream.range(0, images.size()).boxed().toList();
        int epochs = 50;
        for (int epoch = 0; epoch < epochs; epoch++) {
            order = Sampling.BALANCED.epoch(images, order, random);
            assertEquals(images.size(), order.size(), "an epoch is as long as a shuffled one");
            for (int index : order) {
                DecodedImage image = images.get(index);
                perClass.merge(image.label(), 1, Integer::sum);
                if (image.label().equals("bee")) {
                    beesPerSite.merge(image.site(), 1, Integer::sum);
                }
            }
        }
        int draws = epochs * images.size();
        // Classes take turns, so the counts differ by at most one a round; sites within a class likewise.
        assertEquals(draws / 2.0, perClass.get("bee"), epochs);
        assertEquals(draws / 2.0, perClass.get("wasp"), epochs);
        assertEquals(perClass.get("bee") / 2.0, beesPerSite.get("A"), epochs);
        assertEquals(perClass.get("bee") / 2.0, beesPerSite.get("B"), epochs);
    }

    @Test
    void balancedBatchesHoldTheClassesEvenly() {
        List<Integer> order = Sampling.BALANCED.epoch(images, List.of(), new Random(5));

        for (int start = 0; start + 16 <= order.size(); start += 16) {
            long bees = order.subList(start, start + 16).stream().filter(i -> images.get(i).label().equals("bee"))
                .count();
            assertTrue(bees >= 7 && bees <= 9, "a batch of 16 held " + bees + " bees");
        }
    }

    @Test
    void balancedUsesEveryImageOfASiteBeforeRepeatingOne() {
        List<Integer> order = Sampling.BALANCED.epoch(images, List.of(), new Random(8));

        // 120 draws: 60 bees, 30 from hive A's 90 photos, all different.
        List<Integer> hiveA = order.stream().filter(i -> i < 90).toList();
        assertEquals(hiveA.size(), hiveA.stream().distinct().count());
        // 30 from hive B's 10 bee photos: each exactly three times.
        Map<Integer, Integer> hiveB = new HashMap<>();
        order.stream().filter(i -> i >= 90 && i < 100).forEach(i -> hiveB.merge(i, 1, Integer::sum));
        assertEquals(10, hiveB.size());
        assertTrue(hiveB.values().stream().allMatch(n -> n == 3), hiveB.toString());
    }

    @Test
    void sameSeedSameDraws() {
        assertEquals(Sampling.BALANCED.epoch(images, List.of(), new Random(9)),
            Sampling.BALANCED.epoch(images, List.of(), new Random(9)));
    }
}
