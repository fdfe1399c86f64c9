package org.trapstream.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.testkit.TestImages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.dashboard.DashboardHarness.OPERATOR;
import static org.trapstream.dashboard.DashboardHarness.OPERATOR_TOKEN;
import static org.trapstream.dashboard.DashboardHarness.VIEWER;
import static org.trapstream.dashboard.DashboardHarness.VIEWER_TOKEN;
import static org.trapstream.dashboard.DashboardHarness.awaitAnnouncement;
import static org.trapstream.dashboard.DashboardHarness.eventually;
import static org.trapstream.dashboard.DashboardHarness.uniquePng;

/**
 * The live and models pages in a real headless Chromium against a dashboard on the real broker, each person signed in
 * through the sign-in page: a prediction published to Kafka appears on the live page; an operator promotes a version
 * and rolls it back on the models page, and each change is announced on {@code camtrap.models}, while a viewer is
 * offered neither; a calibrated version's most confident mistakes are shown. A screenshot of each page is saved
 * under {@code target/}.
 */
class OperatorPagesBrowserTest extends BrowserPageTest {

    private static final Path LIVE_SCREENSHOT = Path.of("target/live-page.png");
    private static final Path MODELS_SCREENSHOT = Path.of("target/models-page.png");
    private static final Path MISTAKES_SCREENSHOT = Path.of("target/models-page-mistakes.png");

    @TempDir
    static Path work;

    @Test
    void aPredictionAppearsOnTheLivePageAsItArrives() {
        String camera = "cam-live-page-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(VIEWER + " · viewer", signIn(browser, "/live", VIEWER, VIEWER_TOKEN));
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
        saveScreenshot(LIVE_SCREENSHOT);
    }

    @Test
    void anOperatorPromotesAndRollsBackOnTheModelsPage() throws Exception {
        ModelMetadata serving = dashboard.importModel(work);
        ModelMetadata candidate = dashboard.importModel(work);
        // As the trainer leaves a version: served, with a chart beside it.
        dashboard.models().promote(serving.version());
        Files.write(dashboard.models().versionDir(candidate.version()).resolve("learning-curves.png"),
            TestImages.encode(TestImages.noise(ThreadLocalRandom.current(), 320, 200), "png"));

        assertEquals(OPERATOR + " · operator", signIn(browser, "/models", OPERATOR, OPERATOR_TOKEN));
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
        saveScreenshot(MODELS_SCREENSHOT);

        browser.findElement(By.id("rollback")).click();
        eventually("the rollback to be confirmed", () -> Optional.of(status())
            .filter(s -> s.startsWith(serving.version() + " serves now")));
        ModelAnnouncement rolledBack = awaitAnnouncement(serving, 1);
        assertEquals(serving.version(), rolledBack.version());
        assertEquals(rolledBack, dashboard.models().promotedAnnouncement().orElseThrow());
        WebElement servingRow = browser.findElement(By.cssSelector("tr[data-version='" + serving.version() + "']"));
        assertTrue(servingRow.getAttribute("class").contains("serving"), "the page shows which version serves");
    }

    @Test
    void aVersionsMostConfidentMistakesAreShownOnTheModelsPageAndAnOlderVersionShowsNone() {
        ModelMetadata older = dashboard.importModel(work);
        ModelMetadata calibrated = dashboard.importCalibratedModel(work);
        JsonArray mistakes = calibrated.metrics().getJsonArray("misclassified");
        assertFalse(mistakes.isEmpty(), "colours that stray into their neighbours' fool the network: "
            + calibrated.metrics().getJsonObject("confusion").encode());

        signIn(browser, "/models", VIEWER, VIEWER_TOKEN);
        showVersion(calibrated);
        WebElement grid = eventually("the grid of mistakes", () -> browser.findElements(
            By.cssSelector("#misclassified-grid img")).stream().filter(img -> (Boolean) ((JavascriptExecutor) browser)
                .executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0;", img)).findFirst());
        assertTrue(grid.isDisplayed());
        JsonObject ood = calibrated.metrics().getJsonObject("ood");
        assertEquals(String.format(Locale.ROOT, "Mahalanobis distance on 3 features, above %.4g; flags %.1f %% of %d "
                + "validation images", ood.getDouble("threshold"), 100 * ood.getDouble("validation_fpr"),
                ood.getInteger("validation_images")), detectorShown(),
            "the detector fitted on the network's feature output");
        List<WebElement> rows = browser.findElements(By.cssSelector("#misclassified-rows tr"));
        assertEquals(mistakes.size(), rows.size(), "one row per recorded mistake");
        JsonObject first = mistakes.getJsonObject(0);
        assertEquals(List.of(first.getString("source"), first.getString("truth"), first.getString("predicted"),
                String.format(Locale.ROOT, "%.1f%%", 100 * first.getDouble("confidence"))),
            rows.get(0).findElements(By.tagName("td")).stream().map(WebElement::getText).toList());
        assertTrue(browser.findElements(By.cssSelector("#charts img")).stream()
                .noneMatch(img -> img.getAttribute("src").endsWith("/misclassified.png")),
            "the grid is shown with its list, not again among the charts");
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView();",
            browser.findElement(By.id("misclassified-section")));
        saveScreenshot(MISTAKES_SCREENSHOT);

        showVersion(older);
        eventually("the older version's detail", () -> Optional.of(browser.findElement(By.id("detail-title")).getText())
            .filter(title -> title.contains(older.version())));
        assertFalse(browser.findElement(By.id("misclassified-section")).isDisplayed(),
            "a version that kept no list of mistakes shows no section");
        assertEquals("–", detectorShown(), "imported without --calibrate-on: no detector");
    }

    /** What the version's detail says of its out-of-distribution detector. */
    private String detectorShown() {
        return browser.findElement(By.xpath("//*[@id='detail-metrics']//dt[text()='Out-of-distribution detector']"
            + "/following-sibling::dd")).getText();
    }

    /** Opens a version's detail from its row in the table. */
    private void showVersion(ModelMetadata version) {
        eventually("the row of " + version.version(), () -> browser.findElements(
            By.cssSelector("tr[data-version='" + version.version() + "'] button.version-link")).stream().findFirst())
            .click();
    }

    @Test
    void aViewerSeesTheModelsButNoPromoteOrRollBack() throws Exception {
        ModelMetadata version = dashboard.importModel(work);
        signIn(browser, "/models", VIEWER, VIEWER_TOKEN);
        WebElement row = eventually("the version's row", () -> browser.findElements(
            By.cssSelector("tr[data-version='" + version.version() + "']")).stream().findFirst());
        assertTrue(row.findElements(By.cssSelector("button.promote")).isEmpty(), "promoting needs an operator");
        assertFalse(browser.findElement(By.id("rollback")).isDisplayed(), "rolling back needs an operator");
    }
}
