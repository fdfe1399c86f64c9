package org.trapstream.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jars the launcher ships ({@code launcher/target/lib}, what {@code ./trapstream} and the image run): one
 * version of each artifact, and one native build of ND4J. Two versions of one artifact on a class path means
 * whichever the class loader meets first wins, class by class.
 */
class LauncherJarsTest {

    private static final Path LIB = ManifestDirs.MODULE.resolveSibling("launcher/target/lib");

    @Test
    void eachArtifactShipsInOneVersion() throws IOException {
        Map<String, Set<String>> versions = new TreeMap<>();
        for (Path jar : jars()) {
            Optional<Properties> pom = pomProperties(jar);
            if (pom.isPresent()) {
                String artifact = pom.get().getProperty("groupId") + ":" + pom.get().getProperty("artifactId");
                versions.computeIfAbsent(artifact, a -> new TreeSet<>()).add(pom.get().getProperty("version"));
            }
        }
        assertTrue(versions.size() > 50, "read the Maven coordinates of the jars: " + versions.keySet());
        Map<String, Set<String>> several = new TreeMap<>(versions);
        several.values().removeIf(v -> v.size() == 1);
        assertEquals(Map.of(), several, "artifacts in several versions in " + LIB);
    }

    @Test
    void nd4jShipsOneNativeBuild() throws IOException {
        List<String> natives = jars().stream()
            .map(jar -> jar.getFileName().toString())
            // the backend's native jars (nd4j-native-VERSION-PLATFORM), not its empty preset jar
            .filter(name -> name.matches("nd4j-(native|cuda-[0-9.]+)-[0-9][^-]*-[^-]+-linux-x86_64.*\\.jar"))
            .toList();
        assertEquals(1, natives.size(), "ND4J native jars: " + natives);
    }

    private static List<Path> jars() throws IOException {
        assertTrue(Files.isDirectory(LIB), LIB + " is missing: package the launcher first "
            + "(mvn -B -o -q package -pl launcher -am -DskipTests)");
        try (Stream<Path> files = Files.list(LIB)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    /** The coordinates Maven wrote into the jar; several for a shaded jar, of which the first is its own. */
    private static Optional<Properties> pomProperties(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<ZipEntry> entries = new ArrayList<>();
            zip.stream().filter(e -> e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.properties"))
                .forEach(entries::add);
            if (entries.isEmpty()) {
                return Optional.empty();
            }
            String own = jar.getFileName().toString();
            ZipEntry entry = entries.stream()
                .filter(e -> own.startsWith(e.getName().split("/")[3] + "-"))
                .findFirst()
                .orElse(entries.get(0));
            Properties properties = new Properties();
            try (InputStream in = zip.getInputStream(entry)) {
                properties.load(in);
            }
            return Optional.of(properties);
        }
    }
}
