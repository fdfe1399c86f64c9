package org.trapstream.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import org.trapstream.common.auth.SecretHash;
import org.trapstream.common.auth.Secrets;
import org.trapstream.common.cli.CommandGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code credentials}: what the configuration's credential lists hold. */
@Command(name = "credentials", description = "Makes secrets for people, cameras and gateways, and their stored forms.",
    subcommands = CredentialsCommand.Hash.class)
final class CredentialsCommand extends CommandGroup {

    /**
     * {@code credentials hash}: a new secret and its stored form, or the stored form of a secret read from standard
     * input (never from the command line, where shell history and process lists would keep it).
     */
    @Command(name = "hash",
        description = {"Prints the stored form (" + SecretHash.SCHEME + "$ITERATIONS$SALT$HASH) of a new secret, or "
            + "of one read from standard input with --stdin, for dashboard.people and ingest.devices.",
            "A new secret has " + Secrets.GENERATED_BITS + " random bits: give it to its person or device, put the "
                + "stored form in the configuration. A given secret needs at least " + Secrets.MIN_GIVEN_LENGTH
                + " characters and about " + Secrets.MIN_GIVEN_BITS + " bits (exit 2 when weaker)."})
    static final class Hash implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Option(names = "--stdin", description = "Read the secret from the first line of standard input instead of "
            + "making a new one.")
        private boolean stdin;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            if (stdin) {
                String secret = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (secret == null || secret.isBlank()) {
                    throw new ParameterException(spec.commandLine(), "no secret on standard input");
                }
                try {
                    Secrets.requireStrong(secret.strip());
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), e.getMessage());
                }
                out.println(SecretHash.of(secret.strip()).encoded());
            } else {
                String secret = Secrets.generate();
                out.println("secret  " + secret);
                out.println("stored  " + SecretHash.of(secret).encoded());
            }
            out.flush();
            return ExitCode.OK;
        }
    }
}
