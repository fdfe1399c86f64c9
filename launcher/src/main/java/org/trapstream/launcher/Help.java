package org.trapstream.launcher;

import org.trapstream.common.config.TrapstreamConfig;

/** The usage texts, generated from {@link Command} and the configuration definition so they cannot drift. */
final class Help {

    static String overview() {
        StringBuilder text = new StringBuilder("Usage: trapstream COMMAND [options]\n\n")
            .append("Classifies camera-trap images as they stream in, with Kafka, Vert.x and Deeplearning4j.\n\n")
            .append("Commands:\n");
        for (Command command : Command.values()) {
            text.append(String.format("  %-11s %s%n", command.word, command.summary));
        }
        return text.append("\nRun 'trapstream COMMAND --help' for the options of a command.\n").toString();
    }

    static String of(Command command) {
        StringBuilder text = new StringBuilder("Usage: trapstream ").append(command.word);
        if (!command.synopsis.isEmpty()) {
            text.append(' ').append(command.synopsis);
        }
        text.append("\n\n").append(command.summary).append("\n\nOptions:\n");
        for (Command.Alias alias : command.aliases) {
            option(text, alias.flag + " " + alias.valueName, "Same as --" + alias.key);
        }
        if (!command.configGroups.isEmpty()) {
            option(text, "--config FILE", "Properties file of configuration keys (variables and flags win)");
        }
        option(text, "--help", "Show this help");
        if (!command.configGroups.isEmpty()) {
            text.append("\nConfiguration (--KEY VALUE, --KEY=VALUE, or the variable TRAPSTREAM_KEY in upper snake case;\n")
                .append("defaults < --config file < TRAPSTREAM_* variables < flags):\n")
                .append(TrapstreamConfig.DEFINITION.toHelp(command.configGroups));
        }
        return text.toString();
    }

    private static void option(StringBuilder text, String flag, String doc) {
        text.append(String.format("  %-36s %s%n", flag, doc));
    }

    private Help() {
    }
}
