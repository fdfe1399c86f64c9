package org.trapstream.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.testkit.TestImages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.dashboard.DashboardHarness.OPERATOR_TOKEN;
import static org.trapstream.dashboard.DashboardHarness.VIEWER_TOKEN;
import static org.trapstream.dashboard.DashboardHarness.awaitAnnouncement;
import static org.trapstream.dashboard.DashboardHarness.eventually;
import static org.trapstream.dashboard.DashboardHarness.uniquePng;

/**
 * The live and models pages in a real headless Chromium against a dashboard on the real broker: a prediction
 * published to Kafka appears on the live page; an operator promotes a version and rolls it back on the models page,
 * and each change is announced on {@code camtrap.models}. A screenshot of each page is saved under {@code target/}.
 */
class OperatorPagesBrowserTest {

    private static final Path LIVE_SCREENSHOT = Path.of("target/live-page.png");
    private static final Path MODELS_SCREENSHOT = Path.of("target/models-page.png");

    @TempDir
    static Path dataDir;
    @TempDir
    static Path browserProfile;
    @TempDir
    static Path work;
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

    /** Opens a page and types the token in as a person would (it is kept for the other pages). */
    private static void open(String path, String token) {
        browser.get(dashboard.baseUrl() + path);
        WebElement tokenField = browser.findElement(By.id("token"));
        tokenField.clear();
        tokenField.sendKeys(token, Keys.TAB);
    }

    private static String status() {
        return browser.findElement(By.id("status")).getText();
    }

    @Test
    void aPredictionAppearsOnTheLivePageAsItArrives() {
        String camera = "cam-live-page-" + UUID.randomUUID().toString().substring(0, 8);
        open("/live", VIEWER_TOKEN);
        browser.findElement(By.id("filter-camera")).sendKeys(camera, Keys.ENTER);
        eventually("the page to follow the stream", () -> Optional.of(status()).filter(s -> s.startsWith("Following")));

        String imageId = dashboard.storeImage(uniquePng());
        Prediction prediction = DashboardHarness.prediction(imageId, camera, List.of(
            new Prediction.LabelScore("leopard_cat", 0.52), new Prediction.LabelScore("malay_civet", 0.40)),
            List.of(Prediction.Review.LOW_MARGIN));
        dashboard.publishPrediction(Topics.PREDICTIONS, prediction);

        WebElement row = eventually("the prediction on the page", () -> browser.findElements(
            By.cssSelector("li.prediction[data-image-id='" + imageId + "']")).stream().findFirst());
        assertEquals("leopard_cat", row.findElement(By.cssSelector(".label")).getText());
        assertEquals("52.0%", row.findElement(By.cssSelector(".confidence")).getText());
        assertEquals(camera, row.findElement(By.cssSelector(".camera")).getText());
        assertEquals("v7", row.findElement(By.cssSelector(".model")).getText());
        assertTrue(row.findElement(By.cssSelector(".reasons")).getText().contains("low margin"));
        eventually("the thumbnail to load", () -> Optional.of((Boolean) ((JavascriptExecutor) browser).executeScript(
            "const img = arguments[0].querySelector('.thumb'); return img.complete && img.naturalWidth > 0;", row))
            .filter(Boolean::booleanValue));
        HeadlessChromium.saveScreenshot(browser, LIVE_SCREENSHOT);
    }

    @Test
    void anOperatorPromotesAndRollsBackOnTheModelsPage() throws Exception {
        ModelMetadata serving = dashboard.importModel(work);
        ModelMetadata candidate = dashboard.importModel(work);
        // As the trainer leaves a version: served, with a chart beside it.
        dashboard.models().promote(serving.version());
        Files.write(dashboard.models().versionDir(candidate.version()).resolve("learning-curves.png"),
            TestImages.encode(TestImages.noise(ThreadLocalRandom.current(), 320, 200), "png"));

        open("/models", OPERATOR_TOKEN);
        WebElement row = eventually("the candidate's row", () -> browser.findElements(
            By.cssSelector("tr[data-version='" + candidate.version() + "']")).stream().findFirst());
        row.findElement(By.cssSelector("button.version-link")).click();
        eventually("the candidate's chart", () -> browser.findElements(By.cssSelector("#charts img")).stream()
            .filter(img -> (Boolean) ((JavascriptExecutor) browser).executeScript(
                "return arguments[0].complete && arguments[0].naturalWidth > 0;", img)).findFirst());

        row.findElement(By.cssSelector("button.promote")).click();
        eventually("the promotion to be confirmed", () -> Optional.of(status())
            .filter(s -> s.startsWith(candidate.version() + " serves now")));
        ModelAnnouncement promoted = awaitAnnouncement(candidate, 1);
        assertEquals(candidate.version(), promoted.version());
        assertEquals(promoted, dashboard.models().promotedAnnouncement().orElseThrow());
        HeadlessChromium.saveScreenshot(browser, MODELS_SCREENSHOT);

        browser.findElement(By.id("rollback")).click();
        eventually("the rollback to be confirmed", () -> Optional.of(status())
            .filter(s -> s.startsWith(serving.version() + " serves now")));
        ModelAnnouncement rolledBack = awaitAnnouncement(serving, 1);
        assertEquals(serving.version(), rolledBack.version());
        assertEquals(rolledBack, dashboard.models().promotedAnnouncement().orElseThrow());
        WebElement servingRow = browser.findElement(By.cssSelector("tr[data-version='" + serving.version() + "']"));
        assertTrue(servingRow.getAttribute("class").contains("serving"), "the page shows which version serves");
    }
}
