package org.trapstream.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Python 3 running one of the testkit's scripts from the class path: {@code reference_models.py} with
 * PyTorch, torchvision and ONNX ({@code apt-get install python3-torch python3-torchvision python3-onnx}), or
 * {@code pillow_reference.py} with Pillow ({@code python3-pil}). Deliberately not the first {@code python3} on the
 * PATH: a pyenv or virtualenv Python usually lacks them. The system property {@value #PROPERTY} names another
 * interpreter.
 */
final class SystemPython {

    static final String PROPERTY = "trapstream.python";

    /** A script and the modules it imports. */
    enum Script {
        REFERENCE_MODELS("reference_models.py", "torch, torchvision, onnx",
            "python3-torch python3-torchvision python3-onnx"),
        PILLOW_REFERENCE("pillow_reference.py", "PIL", "python3-pil");

        private final String file;
        private final String modules;
        private final String debianPackages;

        Script(String file, String modules, String debianPackages) {
            this.file = file;
            this.modules = modules;
            this.debianPackages = debianPackages;
        }
    }

    private static final String DEFAULT_INTERPRETER = "/usr/bin/python3";
    private static final Duration IMPORT_CHECK_TIMEOUT = Duration.ofMinutes(2);
    private static final int OUTPUT_TAIL_CHARS = 6000;

    private static final Map<Script, Optional<String>> MISSING = new EnumMap<>(Script.class);

    private final Path interpreter;
    private final Script script;
    private final Path scriptFile;
    private final Path workDir;
    private int runs;

    private SystemPython(Path interpreter, Script script, Path scriptFile, Path workDir) {
        this.interpreter = interpreter;
        this.script = script;
        this.scriptFile = scriptFile;
        this.workDir = workDir;
    }

    /**
     * The interpreter, with the script copied into {@code workDir}; the calling test is skipped, saying why, when
     * the interpreter or one of the script's modules is missing.
     */
    static synchronized SystemPython require(Script script, Path workDir) {
        Path interpreter = Path.of(System.getProperty(PROPERTY, DEFAULT_INTERPRETER));
        Optional<String> missing = MISSING.computeIfAbsent(script, s -> whatIsMissing(interpreter, s, workDir));
        Assumptions.assumeTrue(missing.isEmpty(), () -> missing.get() + " (-D" + PROPERTY
            + "=PATH names another interpreter; on Debian: apt-get install " + script.debianPackages + "): skipping");
        return new SystemPython(interpreter, script, copyScript(script, workDir), workDir);
    }

    /**
     * Runs the script with these arguments.
     *
     * @throws IllegalStateException with the script's output when it fails or overruns {@code timeout}
     */
    synchronized void run(Duration timeout, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(interpreter.toString(), scriptFile.toString()));
        command.addAll(arguments);
        Path log = workDir.resolve("run-" + ++runs + ".log");
        Outcome outcome = execute(command, log, timeout);
        if (outcome != Outcome.SUCCEEDED) {
            throw new IllegalStateException(script.file + " " + String.join(" ", arguments) + " "
                + outcome.description(timeout) + "; its output ends:\n" + tail(log));
        }
    }

    private static Optional<String> whatIsMissing(Path interpreter, Script script, Path workDir) {
        if (!Files.isExecutable(interpreter)) {
            return Optional.of(interpreter + " not found");
        }
        Path log = workDir.resolve("import-check-" + script.name().toLowerCase(Locale.ROOT) + ".log");
        Outcome outcome = execute(List.of(interpreter.toString(), "-c", "import " + script.modules), log,
            IMPORT_CHECK_TIMEOUT);
        return outcome == Outcome.SUCCEEDED ? Optional.empty()
            : Optional.of(interpreter + " cannot import " + script.modules + ": " + tail(log).strip());
    }

    private enum Outcome {
        SUCCEEDED, FAILED, TIMED_OUT;

        String description(Duration timeout) {
            return this == TIMED_OUT ? "took longer than " + timeout.toSeconds() + " s" : "failed";
        }
    }

    /** Output goes to a file, not a pipe: a chatty child never blocks on a full pipe nobody reads. */
    private static Outcome execute(List<String> command, Path log, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // Another Python's settings (a pyenv shell, a virtualenv) must not leak into this interpreter.
        builder.environment().remove("PYTHONHOME");
        builder.environment().remove("PYTHONPATH");
        try {
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                return Outcome.TIMED_OUT;
            }
            return process.exitValue() == 0 ? Outcome.SUCCEEDED : Outcome.FAILED;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command.get(0), e);
        }
    }

    private static Path copyScript(Script script, Path workDir) {
        String resource = "/python/" + script.file;
        Path copy = workDir.resolve(script.file);
        try (InputStream in = SystemPython.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + resource + " to " + copy, e);
        }
    }

    private static String tail(Path log) {
        try {
            String output = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            return output.length() <= OUTPUT_TAIL_CHARS ? output
                : "..." + output.substring(output.length() - OUTPUT_TAIL_CHARS);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
