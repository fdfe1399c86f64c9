package org.trapstream.dashboard;

import org.trapstream.common.config.ConfigDef;
import org.trapstream.common.config.GeneralSettings;
import org.trapstream.common.config.HttpSettings;
import org.trapstream.common.config.KafkaSettings;

import static org.trapstream.common.config.ConfigDef.Importance.HIGH;
import static org.trapstream.common.config.ConfigDef.Importance.LOW;
import static org.trapstream.common.config.ConfigDef.Type.INT;
import static org.trapstream.common.config.ConfigDef.Type.PASSWORD;
import static org.trapstream.common.config.ConfigDef.Validator.atLeast;

/** The keys the dashboard role reads: its own, and the shared data dir, Kafka and HTTP. */
public final class DashboardConfig {

    public static final String LABELER_TOKENS = "dashboard.labeler.tokens";
    public static final String VIEW_CAPACITY = "dashboard.view.capacity";
    public static final String REVIEW_CAPACITY = "dashboard.review.capacity";
    public static final String DASHBOARD_IO_THREADS = "dashboard.io.threads";

    public static final ConfigDef DEFINITION = new ConfigDef("dashboard")
        .include(GeneralSettings.DEFINITION, KafkaSettings.DEFINITION, HttpSettings.DEFINITION)
        .define(LABELER_TOKENS, PASSWORD, "", HIGH,
            "Comma-separated bearer tokens accepted from labelers (name:token pairs); empty refuses all feedback "
                + "over HTTP.")
        .define(VIEW_CAPACITY, INT, "100000", atLeast(1), LOW,
            "Most recent predictions and rejections kept in memory for `GET /api/v1/predictions/{id}`.")
        .define(REVIEW_CAPACITY, INT, "10000", atLeast(1), LOW,
            "Open review items kept in memory for the labeler page; beyond it the oldest open items drop off the page.")
        .define(DASHBOARD_IO_THREADS, INT, "2", atLeast(1), LOW,
            "Worker threads that read images from the store for the labeler page and check feedback against it.")
        .renamed("labeler.tokens", LABELER_TOKENS);

    private DashboardConfig() {
    }
}
