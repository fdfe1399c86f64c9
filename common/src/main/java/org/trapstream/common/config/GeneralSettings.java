package org.trapstream.common.config;

import static org.trapstream.common.config.ConfigDef.Importance.HIGH;
import static org.trapstream.common.config.ConfigDef.Type.PATH;

/** The key every command and role reads: where Trapstream keeps its files. */
public final class GeneralSettings {

    public static final String DATA_DIR = "data.dir";

    public static final ConfigDef DEFINITION = new ConfigDef("general")
        .define(DATA_DIR, PATH, "./data", HIGH,
            "Directory that holds the image store, the model registry, labels and the embedded broker's log.");

    private GeneralSettings() {
    }
}
