package org.trapstream.model.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.trapstream.common.contract.EnumCodes;

/**
 * Which training images an epoch feeds, in which order ({@code trainer.sampling}). Where most photos of a class
 * come from one site, a shuffled epoch teaches that site's background as much as the animal; drawing sites evenly
 * within each class gives the other sites' photos of it as much say.
 */
public enum Sampling {

    /** Every image once, in a new random order each epoch: the previous epoch's order, shuffled. */
    SHUFFLE {
        @Override
        public List<Integer> epoch(List<DecodedImage> images, List<Integer> previous, Random random) {
            List<Integer> order = new ArrayList<>(previous);
            Collections.shuffle(order, random);
            return order;
        }
    },
    /**
     * As many draws as there are images, with replacement: classes take turns in a new random order each round
     * (so every batch holds the classes about evenly), each class's sites take turns the same way, and a site's
     * images of the class are drawn in a shuffled cycle (each once before any twice).
     */
    BALANCED {
        @Override
        public List<Integer> epoch(List<DecodedImage> images, List<Integer> previous, Random random) {
            Map<String, Map<String, List<Integer>>> byClassAndSite = new TreeMap<>();
            for (int i = 0; i < images.size(); i++) {
                byClassAndSite.computeIfAbsent(images.get(i).label(), label -> new TreeMap<>())
                    .computeIfAbsent(images.get(i).site(), site -> new ArrayList<>()).add(i);
            }
            List<String> classes = List.copyOf(byClassAndSite.keySet());
            Deque<String> classTurns = new ArrayDeque<>();
            Map<String, Deque<String>> siteTurns = new TreeMap<>();
            Map<String, Deque<Integer>> imageTurns = new TreeMap<>();
            List<Integer> order = new ArrayList<>(images.size());
            while (order.size() < images.size()) {
                String label = next(classTurns, classes, random);
                Map<String, List<Integer>> sites = byClassAndSite.get(label);
                String site = next(siteTurns.computeIfAbsent(label, l -> new ArrayDeque<>()),
                    List.copyOf(sites.keySet()), random);
                order.add(next(imageTurns.computeIfAbsent(label + '\n' + site, key -> new ArrayDeque<>()),
                    sites.get(site), random));
            }
            return order;
        }
    };

    /**
     * Indices into {@code images}, one per image a training epoch feeds, in order.
     *
     * @param previous the last epoch's indices (the first epoch's: every index in order)
     */
    public abstract List<Integer> epoch(List<DecodedImage> images, List<Integer> previous, Random random);

    public String code() {
        return EnumCodes.of(this);
    }

    public static Sampling of(String code) {
        return EnumCodes.parse(Sampling.class, code, "sampling");
    }

    /** The head of {@code turns}, refilled with a new shuffle of {@code all} when empty. */
    private static <T> T next(Deque<T> turns, List<T> all, Random random) {
        if (turns.isEmpty()) {
            List<T> round = new ArrayList<>(all);
            Collections.shuffle(round, random);
            turns.addAll(round);
        }
        return turns.poll();
    }
}
