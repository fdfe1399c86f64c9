package org.trapstream.common.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration one command or role runs with: values parsed and validated against its {@link ConfigDef},
 * as Kafka's {@code AbstractConfig} holds a client's. Each role owns its definition (its keys, and the shared
 * {@link GeneralSettings}, {@link KafkaSettings}, {@link HttpSettings} and {@link ImageSettings} it composes).
 *
 * <p>Values come from, in rising precedence: the defaults, a properties file ({@code --config FILE}),
 * environment variables ({@code TRAPSTREAM_DATA_DIR} for {@code data.dir}), and command-line flags
 * ({@code --data.dir=DIR} or {@code --data.dir DIR}). A password's value is a {@link Password}, which never prints.
 */
public final class TrapstreamConfig {

    private static final Logger LOG = LoggerFactory.getLogger(TrapstreamConfig.class);

    private final ConfigDef definition;
    private final Map<String, Object> values;

    private TrapstreamConfig(ConfigDef definition, Map<String, Object> values) {
        this.definition = definition;
        this.values = values;
    }

    /** The definition's defaults overridden by the given values (used by tests and embedded setups). */
    public static TrapstreamConfig of(ConfigDef definition, Map<String, String> overrides) {
        return new TrapstreamConfig(definition, definition.parse(overrides));
    }

    /**
     * Loads the keys of {@code definition}: defaults, then the properties file named by {@code configFile} (may be
     * null), then {@code TRAPSTREAM_*} environment variables, then the flags. The file may also hold keys that
     * only other commands read ({@code knownKeys}, so one file serves every role); any other key is an error, as
     * is a value that does not parse or validate, and the message names the key and its source.
     */
    public static TrapstreamConfig load(ConfigDef definition, ConfigDef knownKeys, Path configFile,
                                        Map<String, String> env, Map<String, String> flags) {
        Map<String, RawValue> raw = new LinkedHashMap<>();
        if (configFile != null) {
            Map<String, RawValue> file = current(definition, readProperties(configFile));
            file.keySet().removeIf(name -> !definition.contains(name) && readByOthers(knownKeys, name));
            raw.putAll(file);
        }
        raw.putAll(current(definition, readEnvironment(definition, env)));
        Map<String, RawValue> fromFlags = new LinkedHashMap<>();
        flags.forEach((name, text) -> fromFlags.put(name, new RawValue(text, "flag --" + name)));
        raw.putAll(current(definition, fromFlags));
        return new TrapstreamConfig(definition, definition.parseValues(raw));
    }

    private static boolean readByOthers(ConfigDef knownKeys, String name) {
        return knownKeys.contains(name) || knownKeys.renamedKeys().contains(name);
    }

    /** A source's values under their current names: an old name logs a warning that names the new one. */
    private static Map<String, RawValue> current(ConfigDef definition, Map<String, RawValue> source) {
        return definition.renamedKeys().apply(source, LOG::warn);
    }

    /** The variables of the definition's keys, by their current and old names. */
    private static Map<String, RawValue> readEnvironment(ConfigDef definition, Map<String, String> env) {
        Map<String, RawValue> raw = new LinkedHashMap<>();
        for (String name : definition.acceptedNames()) {
            String variable = ConfigDef.envName(name);
            if (env.containsKey(variable)) {
                raw.put(name, new RawValue(env.get(variable), "environment variable " + variable));
            }
        }
        return raw;
    }

    private static Map<String, RawValue> readProperties(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new ConfigException("Cannot read configuration file " + file + ": " + e.getMessage());
        }
        Map<String, RawValue> raw = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(name ->
            raw.put(name, new RawValue(props.getProperty(name), "configuration file " + file)));
        return raw;
    }

    /** A copy with some keys replaced, validated like any other source. */
    public TrapstreamConfig with(Map<String, String> overrides) {
        Map<String, String> raw = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v != null) {
                raw.put(k, render(v));
            }
        });
        raw.putAll(overrides);
        return of(definition, raw);
    }

    private static String render(Object value) {
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        if (value instanceof Duration d) {
            return d.toMillis() + "ms";
        }
        if (value instanceof Password password) {
            return password.value();
        }
        return String.valueOf(value);
    }

    /** The keys this configuration holds. */
    public ConfigDef definition() {
        return definition;
    }

    public String getString(String key) {
        return (String) get(key);
    }

    public int getInt(String key) {
        return (Integer) get(key);
    }

    public long getLong(String key) {
        return (Long) get(key);
    }

    public double getDouble(String key) {
        return (Double) get(key);
    }

    public boolean getBoolean(String key) {
        return (Boolean) get(key);
    }

    public Duration getDuration(String key) {
        return (Duration) get(key);
    }

    public Path getPath(String key) {
        return (Path) get(key);
    }

    public Password getPassword(String key) {
        return (Password) get(key);
    }

    /** A list, also of a string or password key whose value is a comma-separated list. */
    @SuppressWarnings("unchecked")
    public List<String> getList(String key) {
        Object value = get(key);
        if (value instanceof String || value instanceof Password) {
            ConfigDef.Key asList = definition.key(key).withType(ConfigDef.Type.LIST);
            return (List<String>) ConfigDef.parseValue(asList, render(value));
        }
        return (List<String>) value;
    }

    private Object get(String key) {
        definition.key(key);
        return values.get(key);
    }

    public Path dataDir() {
        return getPath(GeneralSettings.DATA_DIR);
    }

    public Path imageStoreDir() {
        return dataDir().resolve("images");
    }

    public Path modelRegistryDir() {
        return dataDir().resolve("models");
    }

    public Path labelsDir() {
        return dataDir().resolve("labels");
    }

    /** One {@code key=value} line per key, in definition order; passwords show as {@value ConfigDef#HIDDEN}. */
    @Override
    public String toString() {
        return values.entrySet().stream()
            .map(entry -> entry.getKey() + "=" + shown(entry.getValue()))
            .collect(Collectors.joining("\n", "", "\n"));
    }

    /** A value as a user would write it, but a password only as {@value ConfigDef#HIDDEN}. */
    private static String shown(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof Password ? value.toString() : render(value);
    }
}
