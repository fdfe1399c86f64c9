package org.trapstream.bench.training;

import io.vertx.core.json.JsonObject;

/**
 * What one stage of the benchmark cost: wall time, and CPU time of the whole process, which hardly changes when
 * other processes take cores away (wall time does); and the 1-minute load average when it ended, to judge how
 * shared the machine was.
 */
public record StageCost(String stage, double wallSeconds, double cpuSeconds, double loadAverage) {

    public double coresBusy() {
        return cpuSeconds / wallSeconds;
    }

    JsonObject toJson() {
        return new JsonObject().put("stage", stage).put("wall_seconds", wallSeconds).put("cpu_seconds", cpuSeconds)
            .put("cores_busy", coresBusy()).put("load_average_1m_after", loadAverage);
    }
}
