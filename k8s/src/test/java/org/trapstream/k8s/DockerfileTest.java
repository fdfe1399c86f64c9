package org.trapstream.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Dockerfile cannot be built here (no Docker daemon); what can be checked is that it agrees with the
 * manifests and with the launcher it starts.
 */
class DockerfileTest {

    private static final Path DOCKERFILE = ManifestDirs.MODULE.resolve("Dockerfile");
    private static final Path ENTRYPOINT = ManifestDirs.MODULE.resolve("docker/trapstream");

    /** Instructions with their continuation lines joined, comments dropped. */
    private static List<String> instructions() throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(DOCKERFILE)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            current.append(trimmed.endsWith("\\") ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
            if (!trimmed.endsWith("\\")) {
                instructions.add(current.toString().strip());
                current.setLength(0);
            }
        }
        return instructions;
    }

    @Test
    void theImageUserIsTheUserThePodsRunAs() throws IOException {
        List<String> users = instructions().stream().filter(i -> i.startsWith("USER ")).toList();
        assertEquals(1, users.size(), "one USER, in the final stage");
        String[] uidGid = users.get(0).substring("USER ".length()).split(":");
        for (Rendered rendered : Rendered.all().toList()) {
            for (String role : WorkloadHardeningTest.ROLES) {
                PodSecurityContext pod = rendered.deployment(role).getSpec().getTemplate().getSpec().getSecurityContext();
                assertEquals(Long.parseLong(uidGid[0]), pod.getRunAsUser(), rendered + " " + role + " runAsUser");
                assertEquals(Long.parseLong(uidGid[1]), pod.getRunAsGroup(), rendered + " " + role + " runAsGroup");
            }
        }
    }

    @Test
    void theImageIsBuiltForLinuxX8664OnTheJava17RuntimeAndStartsTheLauncher() throws IOException {
        List<String> instructions = instructions();
        assertTrue(instructions.contains("ARG JAVA_RUNTIME=eclipse-temurin:17-jre"));
        assertTrue(instructions.stream().filter(i -> i.startsWith("RUN ") && i.contains("mvn "))
            .allMatch(i -> i.contains("-Djavacpp.platform=linux-x86_64")), "every Maven run pins the native platform");
        assertTrue(instructions.stream().filter(i -> i.startsWith("RUN ") && i.contains("mvn "))
            .allMatch(i -> i.contains(",role-image\"")), "every Maven run leaves the embedded broker out");
        assertTrue(instructions.contains("ENTRYPOINT [\"trapstream\"]"));
        assertTrue(instructions.contains("COPY k8s/docker/trapstream /usr/local/bin/trapstream"));
    }

    @Test
    void theEntrypointScriptIsValidShellAndRunsTheLaunchersMainClass() throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(ENTRYPOINT), ENTRYPOINT + " must be executable");
        String script = Files.readString(ENTRYPOINT);
        assertTrue(script.contains("org.trapstream.launcher.Main"));
        Path main = ManifestDirs.MODULE.resolveSibling("launcher/src/main/java/org/trapstream/launcher/Main.java");
        assertTrue(Files.isRegularFile(main), "the launcher's main class moved: update the entrypoint");

        Path sh = Path.of("/bin/sh");
        assumeTrue(Files.isExecutable(sh), "no /bin/sh to check the script's syntax");
        Process check = new ProcessBuilder(sh.toString(), "-n", ENTRYPOINT.toString()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());
        assertTrue(check.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, check.exitValue(), output);
    }
}
