package org.trapstream.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The headless Chromium the page tests drive; they are skipped, saying why, on a machine without it. */
final class HeadlessChromium {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    /** A fresh browser with its profile in {@code profile}; skips the calling test class where there is none. */
    static ChromeDriver start(Path profile) {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
            "Skipped: the browser test needs /usr/bin/chromium and /usr/bin/chromedriver "
                + "(apt-get install -y chromium chromium-driver)");
        ChromeOptions options = new ChromeOptions()
            .setBinary(CHROMIUM.toFile())
            .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
        return new ChromeDriver(service, options);
    }

    /** Saves what the browser shows to {@code target} (under {@code target/}, for people to look at). */
    static void saveScreenshot(ChromeDriver browser, Path target) {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        try {
            Files.createDirectories(target.getParent());
            Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the screenshot to " + target.toAbsolutePath(), e);
        }
    }
}
