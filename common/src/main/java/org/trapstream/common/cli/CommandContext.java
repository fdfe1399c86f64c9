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
 * {@code TRAPSTREAM_*} variables and {@code --KEY VALUE} flags. Every key of {@link TrapstreamConfig#DEFINITION}
 * is a flag on every command; the command's help lists the keys of the groups it reads, generated from the
 * definition, and shows the keys it gives a shorter flag ({@code --kafka}, {@code --epochs}) among its own options.
 * {@link CommandLines#create} attaches it to its command.
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

    private final List<String> groups;
    private final Map<String, Alias> aliases = new LinkedHashMap<>();
    private final Map<String, String> flags = new HashMap<>();
    private Invocation invocation;

    private CommandContext(List<String> groups) {
        this.groups = groups;
    }

    /** The context of a command that reads the keys of these configuration groups. */
    public static CommandContext reading(String... groups) {
        return new CommandContext(List.of(groups));
    }

    /** Also accepts {@code flag} for {@code key}, and lists it with the command's own options. */
    public CommandContext alias(String flag, String key, String valueLabel) {
        TrapstreamConfig.DEFINITION.key(key);
        aliases.put(key, new Alias(flag, valueLabel));
        return this;
    }

    /** The configuration from all its sources, validated; a {@code ConfigException} says what is wrong. */
    public TrapstreamConfig config() {
        return TrapstreamConfig.load(configFile, invocation.env(), flags);
    }

    /** Where results go, and nothing else: other programs read them. */
    public PrintStream out() {
        return invocation.out();
    }

    /** Where messages and progress go. */
    public PrintStream err() {
        return invocation.err();
    }

    /** Adds a flag per key to the command and the section of its help that lists them; reads from the invocation. */
    void attach(CommandSpec command, Invocation current) {
        this.invocation = current;
        List<OptionSpec> listed = new ArrayList<>();
        for (ConfigDef.Key key : TrapstreamConfig.DEFINITION.keys().values()) {
            OptionSpec option = flagOf(key);
            command.addOption(option);
            if (option.hidden() && groups.contains(key.group())) {
                listed.add(option);
            }
        }
        if (!listed.isEmpty()) {
            addKeysSection(command.usageMessage(), listed);
        }
    }

    /** The key's flag: hidden from the option list unless aliased, for the keys have their own section. */
    private OptionSpec flagOf(ConfigDef.Key key) {
        Alias alias = aliases.get(key.name());
        String flag = "--" + key.name();
        FlagBinding binding = new FlagBinding(key.name());
        return OptionSpec.builder(alias == null ? new String[] {flag} : new String[] {alias.flag(), flag})
            .paramLabel(alias == null ? key.type().name() : alias.valueLabel())
            .type(String.class)
            .description(describe(key))
            .hidden(alias == null)
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
