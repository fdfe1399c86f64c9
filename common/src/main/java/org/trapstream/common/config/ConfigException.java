package org.trapstream.common.config;

/** A configuration value that is missing, malformed or out of range; the message says which, why and from where. */
public class ConfigException extends RuntimeException {

    private final String name;
    private final Object value;
    private final String problem;

    public ConfigException(String message) {
        super(message);
        this.name = null;
        this.value = null;
        this.problem = null;
    }

    public ConfigException(String name, Object value, String problem) {
        this(name, value, problem, null);
    }

    private ConfigException(String name, Object value, String problem, String source) {
        super("Invalid value '" + value + "' for configuration key '" + name + "'"
            + (source == null ? "" : " (from " + source + ")") + ": " + problem);
        this.name = name;
        this.value = value;
        this.problem = problem;
    }

    /** The same error, naming where the value came from; an error not about one value stays as it is. */
    ConfigException from(String source) {
        return name == null ? this : new ConfigException(name, value, problem, source);
    }
}
