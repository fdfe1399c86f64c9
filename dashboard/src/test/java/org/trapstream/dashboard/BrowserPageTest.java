package org.trapstream.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The arrangement the dashboard's page tests share: one dashboard on the real broker and the system's Chromium,
 * headless on a fresh profile, driving its pages as a person would; skipped where Chromium is not installed.
 */
abstract class BrowserPageTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path dataDir;
    @TempDir
    static Path browserProfile;
    static DashboardHarness dashboard;
    static ChromeDriver browser;

    @BeforeAll
    static void start() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
            "Skipped: the browser test needs /usr/bin/chromium and /usr/bin/chromedriver "
                + "(apt-get install -y chromium chromium-driver)");
        dashboard = DashboardHarness.start(dataDir);
        ChromeOptions options = new ChromeOptions()
            .setBinary(CHROMIUM.toFile())
            .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + browserProfile, "--window-size=1280,800");
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (dashboard != null) {
            dashboard.close();
        }
    }

    /** The page at {@code path}, with {@code token} typed in as a person would, before it can show anything. */
    static void openPageAs(String path, String token) {
        browser.get(dashboard.baseUrl() + path);
        WebElement tokenField = browser.findElement(By.id("token"));
        tokenField.clear();
        tokenField.sendKeys(token, Keys.TAB);
    }

    static void saveScreenshot(Path target) {
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        try {
            Files.createDirectories(target.getParent());
            Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the screenshot to " + target.toAbsolutePath(), e);
        }
    }
}
