package org.trapstream.model.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parsed arguments of one model command: {@code --name value} or {@code --name=value} options, bare
 * {@code --flag}s, and positional arguments ({@code --} ends the options). Unknown, repeated or value-less
 * options are usage errors.
 */
final class CommandLine {

    private final Map<String, String> values;
    private final Set<String> flags;
    private final List<String> positionals;

    private CommandLine(Map<String, String> values, Set<String> flags, List<String> positionals) {
        this.values = values;
        this.flags = flags;
        this.positionals = positionals;
    }

    /**
     * @param valueOptions names (without {@code --}) of the options that take a value
     * @param flagOptions  names of the options that take none
     */
    static CommandLine parse(List<String> args, Set<String> valueOptions, Set<String> flagOptions)
        throws UsageException {
        Map<String, String> values = new HashMap<>();
        Set<String> flags = new HashSet<>();
        List<String> positionals = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (optionsEnded || !arg.startsWith("--")) {
                positionals.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            String body = arg.substring(2);
            int eq = body.indexOf('=');
            String name = eq >= 0 ? body.substring(0, eq) : body;
            if (flagOptions.contains(name) && eq < 0) {
                flags.add(name);
            } else if (valueOptions.contains(name)) {
                String value;
                if (eq >= 0) {
                    value = body.substring(eq + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException("--" + name + " needs a value");
                }
                if (values.put(name, value) != null) {
                    throw new UsageException("--" + name + " given twice");
                }
            } else {
                throw new UsageException("unknown option " + arg);
            }
        }
        return new CommandLine(values, flags, positionals);
    }

    Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    String required(String name) throws UsageException {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new UsageException("missing --" + name);
        }
        return value;
    }

    Path path(String name, Path defaultPath) {
        return value(name).map(Path::of).orElse(defaultPath);
    }

    /** A positive whole number, or the default when the option is absent. */
    int positiveInt(String name, int defaultValue) throws UsageException {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, like a non-positive number
        }
        throw new UsageException("--" + name + " needs a positive whole number, got '" + value + "'");
    }

    /** A positive number, or the default when the option is absent. */
    double positiveDouble(String name, double defaultValue) throws UsageException {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            double parsed = Double.parseDouble(value.trim());
            if (parsed > 0 && Double.isFinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, like a non-positive number
        }
        throw new UsageException("--" + name + " needs a positive number, got '" + value + "'");
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    List<String> positionals() {
        return List.copyOf(positionals);
    }
}
