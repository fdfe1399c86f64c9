package org.trapstream.dashboard;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import static org.trapstream.dashboard.DashboardHarness.eventually;

/**
 * The arrangement the dashboard's page tests share: one dashboard on the real broker and the system's Chromium,
 * headless on a fresh profile, driving its pages as a person would, signed in through the sign-in page; skipped
 * where Chromium is not installed.
 */
abstract class BrowserPageTest {

    @TempDir
    static Path dataDir;
    @TempDir
    static Path browserProfile;
    static DashboardHarness dashboard;
    static ChromeDriver browser;

    @BeforeAll
    static void startDashboardAndBrowser() {
        browser = HeadlessChromium.start(browserProfile);
        dashboard = DashboardHarness.start(dataDir);
    }

    @AfterAll
    static void stopDashboardAndBrowser() {
        if (browser != null) {
            browser.quit();
        }
        if (dashboard != null) {
            dashboard.close();
        }
    }

    /**
     * Opens {@code path} in {@code browser} as a stranger, which the page sends to sign in, and signs in there as
     * {@code name} with {@code secret}, back on the page once the server lets them in.
     *
     * @return what the navigation bar says of who is signed in ("name · role")
     */
    static String signIn(ChromeDriver browser, String path, String name, String secret) {
        submitSignIn(browser, path, name, secret);
        return eventually("the page " + path + ", signed in", () -> browser.findElements(By.id("signed-in-person"))
            .stream().findFirst()).getText();
    }

    /** {@link #signIn} up to the sign-in form's answer, for a secret the server may refuse. */
    static void submitSignIn(ChromeDriver browser, String path, String name, String secret) {
        browser.get(dashboard.baseUrl() + "/sign-in");
        // A session of an earlier test in this browser would open the page without asking.
        browser.manage().deleteAllCookies();
        browser.get(dashboard.baseUrl() + path);
        eventually("the sign-in page", () -> Optional.of(browser.getCurrentUrl())
            .filter(url -> url.contains("/sign-in?next=")));
        browser.findElement(By.id("name")).sendKeys(name);
        browser.findElement(By.id("secret")).sendKeys(secret);
        browser.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
    }

    static String status() {
        return browser.findElement(By.id("status")).getText();
    }

    static void saveScreenshot(Path target) {
        HeadlessChromium.saveScreenshot(browser, target);
    }
}
