package org.trapstream.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.trapstream.common.config.TrapstreamConfig;

/**
 * One parsed invocation of a command: the configuration (defaults, then {@code --config FILE}, then
 * {@code TRAPSTREAM_*} environment variables, then flags) and the arguments left for the command itself.
 */
record CommandLine(Command command, TrapstreamConfig config, List<String> arguments, boolean help) {

    private static final String CONFIG_FLAG = "--config";

    /**
     * Parses the arguments that follow the command word. Short flags ({@code --kafka}, {@code --port},
     * {@code --dataset}) become their configuration keys; a flag the command does not know is a usage error.
     * With {@code --help} nothing is loaded, so help works even beside a broken configuration.
     */
    static CommandLine parse(Command command, List<String> args, Map<String, String> env) {
        List<String> expanded = new ArrayList<>();
        Path configFile = null;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else if (flag.equals(CONFIG_FLAG)) {
                configFile = Path.of(valueOf(args, i, arg));
                i += arg.contains("=") ? 0 : 1;
            } else if (alias(command, flag) != null) {
                expanded.add("--" + alias(command, flag).key + "=" + valueOf(args, i, arg));
                i += arg.contains("=") ? 0 : 1;
            } else {
                expanded.add(arg);
            }
        }
        if (help) {
            return new CommandLine(command, null, List.of(), true);
        }
        Map<String, String> flags = new LinkedHashMap<>();
        List<String> rest = TrapstreamConfig.extractFlags(expanded, flags);
        if (!command.takesArguments && !rest.isEmpty()) {
            String first = rest.get(0);
            throw new UsageException(first.startsWith("-")
                ? "Unknown option " + first + " for '" + command.word + "'"
                : "Unexpected argument '" + first + "' for '" + command.word + "'");
        }
        return new CommandLine(command, TrapstreamConfig.load(configFile, env, flags), List.copyOf(rest), false);
    }

    private static Command.Alias alias(Command command, String flag) {
        return command.aliases.stream().filter(a -> a.flag.equals(flag)).findFirst().orElse(null);
    }

    /** The value of {@code --flag=value} or of {@code --flag value}. */
    private static String valueOf(List<String> args, int index, String arg) {
        int eq = arg.indexOf('=');
        if (eq >= 0) {
            return arg.substring(eq + 1);
        }
        if (index + 1 >= args.size()) {
            throw new UsageException("Option " + arg + " needs a value");
        }
        return args.get(index + 1);
    }
}
