package org.trapstream.model;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.util.CrashReportingUtil;
import org.junit.jupiter.api.Test;
import oshi.SystemInfo;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parent pom pins jars DL4J pulls in old versions (JNA among them) to fixed releases; DL4J's memory report,
 * which it writes when ND4J runs out of memory, reads the machine through oshi on JNA and still works with them.
 */
class PinnedLibrariesTest {

    @Test
    void dl4jsMemoryReportReadsTheMachineThroughOshiOnThePinnedJna() {
        SystemInfo system = new SystemInfo();
        assertTrue(system.getHardware().getMemory().getTotal() > 0, "total memory");
        assertFalse(system.getOperatingSystem().getFamily().isBlank(), "operating system");

        String report = CrashReportingUtil.generateMemoryStatus(TinyNetworks.seedCnn(1), 4,
            InputType.convolutional(TinyNetworks.SIZE, TinyNetworks.SIZE, 3));

        assertFalse(report.contains("Error generating"), report);
    }
}
