package org.trapstream.launcher;

import java.util.List;

import org.trapstream.classifier.ClassifierConfig;
import org.trapstream.classifier.ClassifierRole;
import org.trapstream.common.config.ConfigDef;
import org.trapstream.common.role.Role;
import org.trapstream.dashboard.DashboardConfig;
import org.trapstream.dashboard.DashboardRole;
import org.trapstream.events.EventsConfig;
import org.trapstream.events.EventsRole;
import org.trapstream.ingest.IngestConfig;
import org.trapstream.ingest.IngestRole;
import org.trapstream.trainer.TrainerConfig;
import org.trapstream.trainer.TrainerRole;

/** The roles by name, in the order {@code trapstream run} deploys them. */
final class Roles {

    static final List<String> NAMES = List.of("ingest", "classifier", "trainer", "events", "dashboard");

    static Role create(String name) {
        return switch (name) {
            case "ingest" -> new IngestRole();
            case "classifier" -> new ClassifierRole();
            case "trainer" -> new TrainerRole();
            case "events" -> new EventsRole();
            case "dashboard" -> new DashboardRole();
            default -> throw new IllegalArgumentException("No role named '" + name + "'");
        };
    }

    /** The configuration keys the role reads. */
    static ConfigDef keys(String name) {
        return switch (name) {
            case "ingest" -> IngestConfig.DEFINITION;
            case "classifier" -> ClassifierConfig.DEFINITION;
            case "trainer" -> TrainerConfig.DEFINITION;
            case "events" -> EventsConfig.DEFINITION;
            case "dashboard" -> DashboardConfig.DEFINITION;
            default -> throw new IllegalArgumentException("No role named '" + name + "'");
        };
    }

    static List<Role> all() {
        return NAMES.stream().map(Roles::create).toList();
    }

    private Roles() {
    }
}
