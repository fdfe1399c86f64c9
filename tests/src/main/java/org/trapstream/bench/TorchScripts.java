package org.trapstream.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The bench's Python scripts ({@code python/} on the class path: the testkit's {@code reference_models.py}, which
 * exports PyTorch reference networks to ONNX, and this module's {@code pytorch_batch.py} and
 * {@code pytorch_train.py}), copied into one folder of
 * the work directory so that one can import the other, and run on Debian's Python with PyTorch. Deliberately not
 * the first {@code python3} on the PATH: a pyenv or virtualenv Python usually lacks torch. The system property
 * {@value #PROPERTY} names another interpreter.
 */
final class TorchScripts {

    static final String PROPERTY = "trapstream.python";
    static final String REFERENCE_MODELS = "reference_models.py";
    static final String PYTORCH_BATCH = "pytorch_batch.py";
    static final String PYTORCH_TRAIN = "pytorch_train.py";

    /** Why the scripts cannot run here: no interpreter, no torch, or a script missing from the class path. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }

    private static final String DEFAULT_INTERPRETER = "/usr/bin/python3";
    private static final Duration IMPORT_CHECK_TIMEOUT = Duration.ofMinutes(2);
    private static final int OUTPUT_TAIL_CHARS = 4000;
    private static final String HOW_TO_INSTALL = " (on Debian: apt-get install python3-torch python3-torchvision"
        + " python3-onnx python3-pil; -D" + PROPERTY + "=PATH names another interpreter)";

    private final Path interpreter;
    private final Path folder;

    private TorchScripts(Path interpreter, Path folder) {
        this.interpreter = interpreter;
        this.folder = folder;
    }

    /**
     * Copies the scripts into {@code workDir/python} (again, if an earlier call did) and checks that the interpreter
     * imports what they need.
     *
     * @throws Unavailable saying what is missing and how to install it
     */
    static TorchScripts prepare(Path workDir) {
        Path interpreter = Path.of(System.getProperty(PROPERTY, DEFAULT_INTERPRETER));
        if (!Files.isExecutable(interpreter)) {
            throw new Unavailable(interpreter + " not found" + HOW_TO_INSTALL);
        }
        TorchScripts scripts = new TorchScripts(interpreter, workDir.resolve("python"));
        scripts.copy(REFERENCE_MODELS, "it comes with the testkit module, from the parity work");
        scripts.copy(PYTORCH_BATCH, "it comes with this module");
        scripts.copy(PYTORCH_TRAIN, "it comes with this module");
        Path log = scripts.folder.resolve("import-check.log");
        if (!execute(List.of(interpreter.toString(), "-c", "import torch, torchvision, onnx, PIL"), log,
                IMPORT_CHECK_TIMEOUT)) {
            String[] lines = tail(log).strip().split("\n");
            throw new Unavailable(interpreter + " cannot import torch, torchvision, onnx and PIL: "
                + lines[lines.length - 1] + HOW_TO_INSTALL);
        }
        return scripts;
    }

    /**
     * Runs one of the scripts with these arguments.
     *
     * @throws IllegalStateException with the end of the script's output when it fails or overruns {@code timeout}
     */
    void run(String script, Duration timeout, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(interpreter.toString(), folder.resolve(script).toString()));
        command.addAll(arguments);
        Path log;
        try {
            log = Files.createTempFile(folder, script.replaceFirst("\\.py$", "-"), ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a log file in " + folder, e);
        }
        if (!execute(command, log, timeout)) {
            throw new IllegalStateException(script + " " + String.join(" ", arguments) + " failed or took longer than "
                + timeout.toSeconds() + " s; its output ends:\n" + tail(log));
        }
    }

    /** True when the command exited with 0 within the timeout. Output goes to a file: no pipe to fill up. */
    private static boolean execute(List<String> command, Path log, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // Another Python's settings must not leak in, nor ./bench's one OpenMP thread, which is ND4J's setting:
        // the scripts choose their own threads.
        builder.environment().remove("PYTHONHOME");
        builder.environment().remove("PYTHONPATH");
        builder.environment().remove("OMP_NUM_THREADS");
        try {
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command.get(0), e);
        }
    }

    private void copy(String script, String whereFrom) {
        try (InputStream in = TorchScripts.class.getResourceAsStream("/python/" + script)) {
            if (in == null) {
                throw new Unavailable("python/" + script + " is not on the class path (" + whereFrom + ")");
            }
            Files.createDirectories(folder);
            Files.copy(in, folder.resolve(script), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + script + " into " + folder, e);
        }
    }

    private static String tail(Path log) {
        try {
            String output = Files.readString(log, StandardCharsets.UTF_8);
            return output.length() <= OUTPUT_TAIL_CHARS ? output
                : "..." + output.substring(output.length() - OUTPUT_TAIL_CHARS);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
