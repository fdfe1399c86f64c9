package org.trapstream.common.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The definition of configuration keys: their type, default, validator, importance, group and documentation.
 * Modelled on Kafka's own {@code ConfigDef}: each role owns the definition of the keys it reads and composes
 * the shared ones into it ({@link #include}), and one definition drives parsing, validation, the {@code --help}
 * text and the README table, so none of them can drift from the code.
 */
public final class ConfigDef {

    public enum Type { STRING, INT, LONG, DOUBLE, BOOLEAN, DURATION, PATH, LIST, PASSWORD }

    /** How much a user should care about a key, as Kafka ranks its own: the documentation lists HIGH first. */
    public enum Importance { HIGH, MEDIUM, LOW }

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

        static Validator atLeast(Duration min) {
            return (name, value) -> {
                if (value != null && ((Duration) value).compareTo(min) < 0) {
                    throw new ConfigException(name, ((Duration) value).toMillis() + "ms",
                        "must be at least " + min.toMillis() + "ms");
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

        /** For a list: every item one of {@code allowed}. */
        static Validator eachOf(String... allowed) {
            Validator each = oneOf(allowed);
            return (name, value) -> ((List<?>) value).forEach(item -> each.ensureValid(name, item));
        }
    }

    /** One key. The default is held as the text a user would write, parsed like any other source. */
    public record Key(String name, Type type, String defaultText, Validator validator, Importance importance,
                      String group, String doc) {
        public Key {
            Objects.requireNonNull(name);
            Objects.requireNonNull(type);
            Objects.requireNonNull(importance);
            Objects.requireNonNull(group);
            Objects.requireNonNull(doc);
        }

        /** The environment variable that sets this key: {@code TRAPSTREAM_} + the name in upper snake case. */
        public String envName() {
            return ConfigDef.envName(name);
        }

        /** The default as documentation shows it: a password's is never printed, only that there is one. */
        public String shownDefault() {
            if (defaultText == null || defaultText.isEmpty()) {
                return "";
            }
            return type == Type.PASSWORD ? HIDDEN : defaultText;
        }

        Key withType(Type other) {
            return new Key(name, other, defaultText, validator, importance, group, doc);
        }
    }

    /** Stands in for a password wherever a value would be shown. */
    public static final String HIDDEN = "[hidden]";

    private final String group;
    private final Map<String, Key> keys = new LinkedHashMap<>();
    private final RenamedKeys renamed = new RenamedKeys();

    /** An empty definition whose own keys belong to {@code group} (a role, or a shared part such as kafka). */
    public ConfigDef(String group) {
        this.group = Objects.requireNonNull(group);
    }

    /** The keys of these definitions and no others of its own: what a command reads that owns no key. */
    public static ConfigDef compose(ConfigDef... parts) {
        return new ConfigDef("composed").include(parts);
    }

    /** The environment variable of a key name: {@code TRAPSTREAM_} + the name in upper snake case. */
    public static String envName(String name) {
        return "TRAPSTREAM_" + name.toUpperCase().replace('.', '_').replace('-', '_');
    }

    /** Adds the keys (and renamed keys) of other definitions; a key reached twice must be the same key. */
    public ConfigDef include(ConfigDef... others) {
        for (ConfigDef other : others) {
            other.keys.values().forEach(this::add);
            renamed.addAll(other.renamed);
        }
        return this;
    }

    public ConfigDef define(String name, Type type, String defaultText, Validator validator, Importance importance,
                            String doc) {
        return add(new Key(name, type, defaultText, validator, importance, group, doc));
    }

    public ConfigDef define(String name, Type type, String defaultText, Importance importance, String doc) {
        return define(name, type, defaultText, null, importance, doc);
    }

    /**
     * Accepts {@code oldName} for the key it was renamed to, so old properties files, variables and flags keep
     * working; each use logs a deprecation warning that names the new key.
     */
    public ConfigDef renamed(String oldName, String newName) {
        key(newName);
        renamed.add(oldName, newName);
        return this;
    }

    private ConfigDef add(Key key) {
        Key known = keys.putIfAbsent(key.name(), key);
        if (known != null && !known.equals(key)) {
            throw new IllegalArgumentException("Configuration key defined twice: " + key.name());
        }
        return this;
    }

    public Map<String, Key> keys() {
        return Collections.unmodifiableMap(keys);
    }

    public boolean contains(String name) {
        return keys.containsKey(name);
    }

    /** The names a source may set these keys by: theirs, and the old names of renamed ones. */
    public List<String> acceptedNames() {
        List<String> names = new ArrayList<>(keys.keySet());
        names.addAll(renamed.asMap().keySet());
        return names;
    }

    public RenamedKeys renamedKeys() {
        return renamed;
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
        Map<String, RawValue> values = new LinkedHashMap<>();
        raw.forEach((name, text) -> values.put(name, new RawValue(text, null)));
        return parseValues(values);
    }

    /** Parses and validates values that know their source, which any error names. */
    Map<String, Object> parseValues(Map<String, RawValue> raw) {
        raw.forEach((name, value) -> {
            if (!keys.containsKey(name)) {
                throw new ConfigException("Unknown configuration key '" + name + "'" + value.origin());
            }
        });
        Map<String, Object> values = new LinkedHashMap<>();
        for (Key key : keys.values()) {
            RawValue given = raw.get(key.name());
            String text = given != null ? given.text() : key.defaultText();
            String source = given != null ? given.source() : "its default";
            try {
                Object value = text == null ? null : parseValue(key, text.trim());
                if (key.validator() != null && value != null) {
                    key.validator().ensureValid(key.name(), value);
                }
                values.put(key.name(), value);
            } catch (ConfigException e) {
                throw source == null ? e : e.from(source);
            }
        }
        return values;
    }

    static Object parseValue(Key key, String text) {
        try {
            return switch (key.type()) {
                case STRING -> text;
                case PASSWORD -> new Password(text);
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

    /**
     * The documentation: a table per group, in the order the groups were composed, the most important keys
     * first, then the renamed keys that are still accepted.
     */
    public String toMarkdown() {
        Map<String, List<Key>> byGroup = new LinkedHashMap<>();
        keys.values().forEach(key -> byGroup.computeIfAbsent(key.group(), g -> new ArrayList<>()).add(key));
        StringBuilder md = new StringBuilder();
        byGroup.forEach((name, groupKeys) -> {
            md.append("### ").append(name).append("\n\n")
              .append("| key | env | type | default | importance | description |\n|---|---|---|---|---|---|\n");
            groupKeys.stream().sorted(Comparator.comparing(Key::importance)).forEach(key -> md
                .append("| `").append(key.name()).append("` | `").append(key.envName()).append("` | ")
                .append(key.type().name().toLowerCase()).append(" | ")
                .append(key.shownDefault().isEmpty() ? "" : "`" + key.shownDefault() + "`")
                .append(" | ").append(key.importance().name().toLowerCase())
                .append(" | ").append(key.doc().replace("|", "\\|")).append(" |\n"));
            md.append('\n');
        });
        if (!renamed.isEmpty()) {
            md.append("### renamed keys\n\nStill accepted, with a warning that names the new key.\n\n")
              .append("| old key | new key |\n|---|---|\n");
            renamed.asMap().forEach((oldName, newName) ->
                md.append("| `").append(oldName).append("` | `").append(newName).append("` |\n"));
        }
        return md.toString();
    }
}
