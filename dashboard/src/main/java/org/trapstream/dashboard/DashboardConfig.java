package org.trapstream.dashboard;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import org.trapstream.common.auth.AccessRole;
import org.trapstream.common.auth.AuthSettings;
import org.trapstream.common.auth.Principal;
import org.trapstream.common.config.ConfigDef;
import org.trapstream.common.config.ConfigDef.Validator;
import org.trapstream.common.config.GeneralSettings;
import org.trapstream.common.config.HttpSettings;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.common.config.TrapstreamConfig;

import static org.trapstream.common.config.ConfigDef.Importance.HIGH;
import static org.trapstream.common.config.ConfigDef.Importance.LOW;
import static org.trapstream.common.config.ConfigDef.Importance.MEDIUM;
import static org.trapstream.common.config.ConfigDef.Type.INT;
import static org.trapstream.common.config.ConfigDef.Type.LIST;
import static org.trapstream.common.config.ConfigDef.Type.PASSWORD;
import static org.trapstream.common.config.ConfigDef.Validator.atLeast;

/** The keys the dashboard role reads: its own, and the shared data dir, Kafka and HTTP. */
public final class DashboardConfig {

    public static final String PEOPLE = "dashboard.people";
    public static final String LOCATION_ROLES = "dashboard.location.roles";
    public static final String VIEW_CAPACITY = "dashboard.view.capacity";
    public static final String REVIEW_CAPACITY = "dashboard.review.capacity";
    public static final String EVENT_CAPACITY = "dashboard.event.capacity";
    public static final String DASHBOARD_IO_THREADS = "dashboard.io.threads";

    public static final ConfigDef DEFINITION = new ConfigDef("dashboard")
        .include(GeneralSettings.DEFINITION, KafkaSettings.DEFINITION, HttpSettings.DEFINITION,
            AuthSettings.DEFINITION)
        .define(PEOPLE, PASSWORD, "", HIGH,
            "Comma-separated credentials of the people who use the dashboard: `name:role:HASH`, role `viewer` (reads "
                + "predictions, review items, labels, stats and images), `labeler` (also sends feedback) or "
                + "`operator` (also promotes models); HASH is the stored form printed by `trapstream credentials "
                + "hash`. Names match `" + Principal.NAME.pattern() + "` and become the labeler of their labels. "
                + "Empty refuses every API request.")
        .define(LOCATION_ROLES, LIST, "operator", Validator.eachOf(roleCodes()), MEDIUM,
            "Roles that see where images were taken: served JPEGs keep their EXIF GPS data for these roles only "
                + "(blanked in place for the others, pixels untouched).")
        .define(VIEW_CAPACITY, INT, "100000", atLeast(1), LOW,
            "Most recent predictions and rejections kept in memory for `GET /api/v1/predictions/{id}`.")
        .define(REVIEW_CAPACITY, INT, "10000", atLeast(1), LOW,
            "Open review items kept in memory for the labeler page; beyond it the oldest open items drop off the page.")
        .define(EVENT_CAPACITY, INT, "20000", atLeast(1), LOW,
            "Most recent events kept in memory for `GET /api/v1/events/{id}` and labelling a whole event.")
        .define(DASHBOARD_IO_THREADS, INT, "2", atLeast(1), LOW,
            "Worker threads that read images from the store for the labeler page, check feedback against it and "
                + "verify credentials.");

    private DashboardConfig() {
    }

    /** The roles that see images' EXIF GPS data ({@value #LOCATION_ROLES}). */
    public static Set<AccessRole> locationRoles(TrapstreamConfig config) {
        Set<AccessRole> roles = EnumSet.noneOf(AccessRole.class);
        config.getList(LOCATION_ROLES).forEach(code -> roles.add(AccessRole.valueOf(code.toUpperCase(Locale.ROOT))));
        return roles;
    }

    private static String[] roleCodes() {
        return Arrays.stream(AccessRole.values()).map(AccessRole::code).toArray(String[]::new);
    }
}
