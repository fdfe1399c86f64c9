package org.trapstream.launcher;

import org.trapstream.common.cli.CommandGroup;
import org.trapstream.model.cli.EvaluateCommand;
import org.trapstream.model.cli.LrFindCommand;
import org.trapstream.model.cli.ModelsCommand;
import org.trapstream.model.cli.PredictCommand;
import org.trapstream.model.cli.TrainCommand;
import org.trapstream.model.cli.TuneCommand;
import org.trapstream.trainer.cli.ExportCommand;
import org.trapstream.trainer.cli.LabelsCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** {@code trapstream}: the one command line, whose subcommands live next to what they run. */
@Command(name = "trapstream", mixinStandardHelpOptions = true, versionProvider = BuildInfo.class,
    description = "Classifies camera-trap images as they stream in, with Kafka, Vert.x and Deeplearning4j.",
    subcommands = {
        RunCommand.class,
        SingleRoleCommand.Ingest.class,
        SingleRoleCommand.Classifier.class,
        SingleRoleCommand.Trainer.class,
        SingleRoleCommand.Events.class,
        SingleRoleCommand.Dashboard.class,
        TrainCommand.class,
        TuneCommand.class,
        LrFindCommand.class,
        EvaluateCommand.class,
        PredictCommand.class,
        ModelsCommand.class,
        LabelsCommand.class,
        ExportCommand.class,
        ConfigCommand.class,
        CredentialsCommand.class,
        CompletionCommand.class,
        HelpCommand.class},
    footer = {"", "Run 'trapstream COMMAND --help' for the options of a command and the configuration keys it reads."})
final class TrapstreamCommand extends CommandGroup {
}
