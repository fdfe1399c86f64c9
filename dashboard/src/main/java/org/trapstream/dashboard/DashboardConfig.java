package org.trapstream.dashboard;

import java.time.Duration;
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
import static org.trapstream.common.config.ConfigDef.Type.DURATION;
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
    public static final String LIVE_MAX_CLIENTS = "dashboard.live.max.clients";
    public static final String LIVE_CLIENT_BUFFER_BYTES = "dashboard.live.client.buffer.bytes";
    public static final String LIVE_HEARTBEAT = "dashboard.live.heartbeat";
    public static final String CAMERAS_MAX = "dashboard.cameras.max";
    public static final String CAMERAS_DRIFT_RECENT_IMAGES = "dashboard.cameras.drift.recent.images";
    public static final String CAMERAS_DRIFT_HISTORY_IMAGES = "dashboard.cameras.drift.history.images";
    public static final String REVIEW_LEASE = "dashboard.review.lease";
    public static final String SESSION_TTL = "dashboard.session.ttl";
    public static final String SESSION_CAPACITY = "dashboard.session.capacity";
    public static final String THUMBNAIL_CACHE_MIB = "dashboard.thumbnail.cache.mib";

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
            "Worker threads that read images from the store for the pages, scale thumbnails, check feedback against "
                + "it and verify credentials.")
        .define(LIVE_MAX_CLIENTS, INT, "100", atLeast(1), LOW,
            "Browsers following `GET /api/v1/predictions/stream` at once; one more is answered 503 with `Retry-After`.")
        .define(LIVE_CLIENT_BUFFER_BYTES, INT, "262144", atLeast(4096), LOW,
            "Bytes of predictions queued for one live client that reads too slowly; past it the stream ends with a "
                + "`slow_client` event, so one stalled browser never holds the dashboard's memory.")
        .define(LIVE_HEARTBEAT, DURATION, "15s", atLeast(Duration.ofMillis(100)), LOW,
            "How often an idle live stream sends a comment, so proxies keep it open and browsers notice a dead one.")
        .define(CAMERAS_MAX, INT, "1000", atLeast(1), MEDIUM,
            "Most cameras whose health the dashboard tracks and exports to Prometheus (a few `camtrap_camera_*` "
                + "series each). A new camera beyond it evicts the one silent longest: its series disappear and it "
                + "starts afresh if it reports again; `camtrap_dashboard_cameras_evicted_total` counts evictions.")
        .define(CAMERAS_DRIFT_RECENT_IMAGES, INT, "50", atLeast(1), LOW,
            "Window, in images, of a camera's recent label and confidence distributions, which drift compares with "
                + "its history: counts decay by 1 - 1/window per image. Drift is reported from twice this many images.")
        .define(CAMERAS_DRIFT_HISTORY_IMAGES, INT, "1000", atLeast(2), LOW,
            "Window, in images, of a camera's history, the distributions its recent images are compared with; "
                + "larger than `" + CAMERAS_DRIFT_RECENT_IMAGES + "`.")
        .define(REVIEW_LEASE, DURATION, "2m", atLeast(Duration.ofSeconds(5)), MEDIUM,
            "How long a review item handed to a labeler on the review page stays theirs alone; once it runs out the "
                + "item goes to the next labeler who asks. Leases are held in memory: run the labelers' dashboard as "
                + "one replica.")
        .define(SESSION_TTL, DURATION, "12h", atLeast(Duration.ofMinutes(1)), MEDIUM,
            "How long a sign-in to the pages lasts (the session cookie's lifetime); sessions are held in memory, so a "
                + "restart signs everyone out.")
        .define(SESSION_CAPACITY, INT, "1000", atLeast(1), LOW,
            "Most sessions held at once; beyond it the oldest ends.")
        .define(THUMBNAIL_CACHE_MIB, INT, "64", atLeast(1), LOW,
            "Memory for scaled thumbnails (MiB); beyond it the least recently served leave first.");

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
