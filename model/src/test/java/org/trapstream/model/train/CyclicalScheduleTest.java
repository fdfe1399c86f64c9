package org.trapstream.model.train;

import java.nio.file.Path;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ISchedule;
import org.trapstream.model.Networks;
import org.trapstream.model.TinyNetworks;
import org.trapstream.serving.ModelRegistry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CyclicalScheduleTest {

    @TempDir
    Path registryDir;

    @Test
    void risesToTheMaximumOverOneStepAndFallsBackOverTheNext() {
        CyclicalSchedule schedule = new CyclicalSchedule(0.001, 0.006, 10);

        assertEquals(0.001, schedule.valueAt(0, 0), 1e-12);
        assertEquals(0.0035, schedule.valueAt(5, 0), 1e-12);
        assertEquals(0.006, schedule.valueAt(10, 0), 1e-12);
        assertEquals(0.0035, schedule.valueAt(15, 0), 1e-12);
        assertEquals(0.001, schedule.valueAt(20, 0), 1e-12);
        assertEquals(0.006, schedule.valueAt(30, 7), 1e-12, "cycles repeat; the epoch does not matter");
    }

    @Test
    void refusesBoundsThatAreNotACycle() {
        assertThrows(IllegalArgumentException.class, () -> new CyclicalSchedule(0.01, 0.001, 10));
        assertThrows(IllegalArgumentException.class, () -> new CyclicalSchedule(0.001, 0.01, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningRatePolicy.triangular(0, 2));
    }

    @Test
    void turnsStepEpochsIntoIterations() {
        ISchedule schedule = LearningRatePolicy.triangular(0.01, 2.5).schedule(0.001, 4).orElseThrow();

        assertEquals(new CyclicalSchedule(0.001, 0.01, 10), schedule);
        assertTrue(LearningRatePolicy.CONSTANT.schedule(0.001, 4).isEmpty(), "constant leaves the updater alone");
    }

    /** DL4J keeps the schedule in the network's JSON configuration, so it must survive the model file. */
    @Test
    void survivesTheNetworksJsonAndTheRegistry() {
        MultiLayerNetwork network = TinyNetworks.seedCnn(1);
        CyclicalSchedule schedule = new CyclicalSchedule(0.001, 0.006, 10);
        Networks.setLearningRate(network, schedule);

        MultiLayerConfiguration reread = MultiLayerConfiguration.fromJson(network.getLayerWiseConfigurations().toJson());
        ModelRegistry registry = new ModelRegistry(registryDir);
        String version = registry.save(network, TinyNetworks.draft(TinyNetworks.LABELS, TinyNetworks.SIZE)).version();

        Adam updater = (Adam) ((BaseLayer) reread.getConf(0).getLayer()).getIUpdater();
        assertEquals(schedule, updater.getLearningRateSchedule());
        assertEquals(3, registry.load(version).predict(TinyNetworks.zeros(1, TinyNetworks.SIZE))[0].length);
        assertEquals(0.001, Networks.learningRate(network), 1e-12, "the rate of the first step");
    }
}
