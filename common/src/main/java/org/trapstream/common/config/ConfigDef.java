package org.trapstream.common.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The definition of every configuration key: its type, default, validator, group and documentation.
 * Modelled on Kafka's own {@code ConfigDef}: one definition drives parsing, validation, the
 * {@code --help} text and the README table, so none of them can drift from the code.
 */
public final class ConfigDef {

    public enum Type { STRING, INT, LONG, DOUBLE, BOOLEAN, DURATION, PATH, LIST, PASSWORD }

    /** Checks a parsed value; throws {@link ConfigException} with a message that names the key. */
    @FunctionalInterface
    public interface Validator {
        void ensureValid(String name, Object value);

        static Validator atLeast(Number min) {
            return (name, value) -> {
                if (value != null && ((Number) value).doubleValue() < min.doubleValue()) {
                    throw new ConfigException(name, value, "must be at least " + min);
                }
            };
        }

        static Validator between(Number min, Number max) {
            return (name, value) -> {
                double v = ((Number) value).doubleValue();
                if (v < min.doubleValue() || v > max.doubleValue()) {
                    throw new ConfigException(name, value, "must be between " + min + " and " + max);
                }
            };
        }

        static Validator oneOf(String... allowed) {
            List<String> options = Arrays.asList(allowed);
            return (name, value) -> {
                if (!options.contains(String.valueOf(value))) {
                    throw new ConfigException(name, value, "must be one of " + options);
                }
            };
        }
    }

    /** One key. The default is held as the text a user would write, parsed like any other source. */
    public record Key(String name, Type type, String defaultText, Validator validator, String group, String doc) {
        public Key {
            Objects.requireNonNull(name);
            Objects.requireNonNull(type);
            Objects.requireNonNull(group);
            Objects.requireNonNull(doc);
        }

        /** The environment variable that sets this key: {@code TRAPSTREAM_} + the name in upper snake case. */
        public String envName() {
            return "TRAPSTREAM_" + name.toUpperCase().replace('.', '_').replace('-', '_');
        }

        /** The default as documentation shows it: a password's is never printed, only that there is one. */
        public String shownDefault() {
            if (defaultText == null || defaultText.isEmpty()) {
                return "";
            }
            return type == Type.PASSWORD ? HIDDEN : defaultText;
        }

        Key withType(Type other) {
            return new Key(name, other, defaultText, validator, group, doc);
        }
    }

    /** Stands in for a password wherever a value would be shown. */
    public static final String HIDDEN = "[hidden]";

    private final Map<String, Key> keys = new LinkedHashMap<>();

    public ConfigDef define(String name, Type type, String defaultText, Validator validator, String group, String doc) {
        if (keys.putIfAbsent(name, new Key(name, type, defaultText, validator, group, doc)) != null) {
            throw new IllegalArgumentException("Configuration key defined twice: " + name);
        }
        return this;
    }

    public ConfigDef define(String name, Type type, String defaultText, String group, String doc) {
        return define(name, type, defaultText, null, group, doc);
    }

    public Map<String, Key> keys() {
        return Collections.unmodifiableMap(keys);
    }

    public Key key(String name) {
        Key key = keys.get(name);
        if (key == null) {
            throw new ConfigException("Unknown configuration key '" + name + "'");
        }
        return key;
    }

    /** Parses and validates raw text values (missing keys take their defaults). */
    public Map<String, Object> parse(Map<String, String> raw) {
        for (String name : raw.keySet()) {
            key(name);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Key key : keys.values()) {
            String text = raw.containsKey(key.name()) ? raw.get(key.name()) : key.defaultText();
            Object value = text == null ? null : parseValue(key, text.trim());
            if (key.validator() != null && value != null) {
                key.validator().ensureValid(key.name(), value);
            }
            values.put(key.name(), value);
        }
        return values;
    }

    static Object parseValue(Key key, String text) {
        try {
            return switch (key.type()) {
                case STRING, PASSWORD -> text;
                case INT -> Integer.parseInt(text);
                case LONG -> Long.parseLong(text);
                case DOUBLE -> Double.parseDouble(text);
                case BOOLEAN -> parseBoolean(key, text);
                case DURATION -> parseDuration(text);
                case PATH -> Path.of(text);
                case LIST -> text.isEmpty() ? List.of() : splitList(text);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException(key.name(), text, "is not a valid " + key.type().name().toLowerCase());
        }
    }

    private static Boolean parseBoolean(Key key, String text) {
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigException(key.name(), text, "must be true or false");
    }

    private static List<String> splitList(String text) {
        List<String> items = new ArrayList<>();
        for (String item : text.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return List.copyOf(items);
    }

    /** Durations are written as a number with a unit: {@code 250ms}, {@code 30s}, {@code 10m}, {@code 2h}. */
    public static Duration parseDuration(String text) {
        String t = text.toLowerCase();
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        long amount = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new NumberFormatException("no unit");
        };
    }

    /** The documentation table, one row per key, grouped as defined. */
    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("| key | env | type | default | description |\n|---|---|---|---|---|\n");
        for (Key key : keys.values()) {
            md.append("| `").append(key.name()).append("` | `").append(key.envName()).append("` | ")
              .append(key.type().name().toLowerCase()).append(" | ")
              .append(key.shownDefault().isEmpty() ? "" : "`" + key.shownDefault() + "`")
              .append(" | ").append(key.doc().replace("|", "\\|")).append(" |\n");
        }
        return md.toString();
    }
}
