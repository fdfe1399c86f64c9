package org.trapstream.common.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.trapstream.common.config.ConfigDef;
import org.trapstream.common.config.TrapstreamConfig;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Option;

/**
 * What a Trapstream command runs with, as a picocli mixin: its configuration and where it writes.
 *
 * <p>The configuration comes, in rising precedence, from the defaults, {@code --config FILE},
 * {@code TRAPSTREAM_*} variables and {@code --KEY VALUE} flags. Each command reads the keys of its own
 * {@link ConfigDef}, and each of those keys is a flag of the command (so is the old name of a renamed key, hidden);
 * the command's help lists them, generated from the definition, and shows the keys it gives a shorter flag
 * ({@code --kafka}, {@code --epochs}) among its own options. {@link CommandLines#create} attaches it to its command.
 */
public final class CommandContext {

    private static final String KEYS_SECTION = "configurationKeys";
    private static final String KEYS_HEADING = "%nConfiguration keys it reads, as --KEY=VALUE or --KEY VALUE; "
        + "flags beat the%nTRAPSTREAM_KEY variables (upper snake case), which beat --config FILE:%n";

    /** A shorter flag for one key on one command, with the name of its value in the help. */
    private record Alias(String flag, String valueLabel) {
    }

    @Option(names = "--config", paramLabel = "FILE",
        description = "A properties file of configuration keys; TRAPSTREAM_* variables and flags override it.")
    private Path configFile;

    private final ConfigDef definition;
    private final Map<String, Alias> aliases = new LinkedHashMap<>();
    private final Map<String, String> flags = new HashMap<>();
    private Invocation invocation;
    private ConfigDef knownKeys;

    private CommandContext(ConfigDef definition) {
        this.definition = definition;
    }

    /** The context of a command that reads the keys of this definition. */
    public static CommandContext reading(ConfigDef definition) {
        return new CommandContext(definition);
    }

    /** Also accepts {@code flag} for {@code key}, and lists it with the command's own options. */
    public CommandContext alias(String flag, String key, String valueLabel) {
        definition.key(key);
        aliases.put(key, new Alias(flag, valueLabel));
        return this;
    }

    /** The configuration from all its sources, validated; a {@code ConfigException} says what is wrong. */
    public TrapstreamConfig config() {
        return TrapstreamConfig.load(definition, knownKeys, configFile, invocation.env(), flags);
    }

    /** Where results go, and nothing else: other programs read them. */
    public PrintStream out() {
        return invocation.out();
    }

    /** Where messages and progress go. */
    public PrintStream err() {
        return invocation.err();
    }

    /**
     * Adds a flag per key to the command and the section of its help that lists them; reads from the invocation.
     * A properties file may also hold {@code knownKeys}, which other commands read.
     */
    void attach(CommandSpec command, Invocation current, ConfigDef knownKeys) {
        this.invocation = current;
        this.knownKeys = knownKeys == null ? definition : knownKeys;
        List<OptionSpec> listed = new ArrayList<>();
        for (ConfigDef.Key key : definition.keys().values()) {
            OptionSpec option = flagOf(key);
            command.addOption(option);
            if (option.hidden()) {
                listed.add(option);
            }
        }
        definition.renamedKeys().asMap().forEach((oldName, newName) ->
            command.addOption(flag(new String[] {"--" + oldName}, oldName, definition.key(newName).type().name(),
                "Deprecated: use --" + newName + ".", true)));
        if (!listed.isEmpty()) {
            addKeysSection(command.usageMessage(), listed);
        }
    }

    /** The key's flag: hidden from the option list unless aliased, for the keys have their own section. */
    private OptionSpec flagOf(ConfigDef.Key key) {
        Alias alias = aliases.get(key.name());
        String flag = "--" + key.name();
        return flag(alias == null ? new String[] {flag} : new String[] {alias.flag(), flag}, key.name(),
            alias == null ? key.type().name() : alias.valueLabel(), describe(key), alias == null);
    }

    private OptionSpec flag(String[] names, String key, String paramLabel, String description, boolean hidden) {
        FlagBinding binding = new FlagBinding(key);
        return OptionSpec.builder(names)
            .paramLabel(paramLabel)
            .type(String.class)
            .description(description)
            .hidden(hidden)
            .getter(binding)
            .setter(binding)
            .build();
    }

    private static String describe(ConfigDef.Key key) {
        String doc = key.doc().replace("%", "%%"); // picocli formats descriptions
        return key.shownDefault().isEmpty() ? doc : doc + " (default: " + key.shownDefault() + ")";
    }

    private static void addKeysSection(UsageMessageSpec usage, List<OptionSpec> keys) {
        List<String> sections = new ArrayList<>(usage.sectionKeys());
        sections.add(sections.indexOf(UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING), KEYS_SECTION);
        usage.sectionKeys(sections);
        usage.sectionMap().put(KEYS_SECTION, help -> {
            Help.Layout layout = help.createDefaultLayout(keys, List.of(), help.colorScheme());
            keys.forEach(key -> layout.addOption(key, help.parameterLabelRenderer()));
            return help.createHeading(KEYS_HEADING) + layout;
        });
    }

    /** Where a key's flag lands: the flags the configuration is loaded with. */
    private final class FlagBinding implements IGetter, ISetter {

        private final String key;

        FlagBinding(String key) {
            this.key = key;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            return (T) flags.get(key);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T set(T value) {
            // Picocli resets every option to its initial value, null, before it parses.
            return (T) (value == null ? flags.remove(key) : flags.put(key, (String) value));
        }
    }
}
