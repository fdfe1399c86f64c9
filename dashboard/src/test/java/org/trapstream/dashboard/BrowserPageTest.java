package org.trapstream.dashboard;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The arrangement the dashboard's page tests share: one dashboard on the real broker and the system's Chromium,
 * headless on a fresh profile, driving its pages as a person would; skipped where Chromium is not installed.
 */
abstract class BrowserPageTest {

    @TempDir
    static Path dataDir;
    @TempDir
    static Path browserProfile;
    static DashboardHarness dashboard;
    static ChromeDriver browser;

    @BeforeAll
    static void start() {
        browser = HeadlessChromium.start(browserProfile);
        dashboard = DashboardHarness.start(dataDir);
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
        HeadlessChromium.saveScreenshot(browser, target);
    }
}
