package org.trapstream.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.trapstream.common.contract.Feedback;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.testkit.SharedDatasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.dashboard.DashboardHarness.TOKEN;
import static org.trapstream.dashboard.DashboardHarness.eventually;
import static org.trapstream.dashboard.DashboardHarness.prediction;
import static org.trapstream.dashboard.DashboardHarness.uniquePng;

/**
 * The labeler page in a real headless Chromium: a review item shows with its image, a wrong token gets an error on
 * the card, the right token and one click on a top-k label make the card disappear and put a Feedback on Kafka.
 * During a cold start a card asks for a label without suggesting one, and shows the model's guess once it exists.
 */
class LabelerPageBrowserTest extends BrowserPageTest {

    private static final Path SCREENSHOT = Path.of("target/review-page.png");
    private static final Path COLD_START_SCREENSHOT = Path.of("target/review-page-cold-start.png");
    private static final List<String> SPECIES = List.of("leopard_cat", "malay_civet", "moonrat");

    /** Real camera-trap photos of three species when the shared datasets are there, generated stand-ins otherwise. */
    private static List<byte[]> photos() throws IOException {
        List<byte[]> photos = new ArrayList<>();
        for (String species : SPECIES) {
            Optional<Path> folder = SharedDatasets.find(SharedDatasets.BORNEO + "/test/" + species);
            if (folder.isEmpty()) {
                photos.add(uniquePng());
                continue;
            }
            try (Stream<Path> files = Files.list(folder.get())) {
                photos.add(Files.readAllBytes(files.sorted().findFirst().orElseThrow()));
            }
        }
        return photos;
    }

    private static Prediction uncertain(String imageId, int species) {
        return prediction(imageId, List.of(
                new Prediction.LabelScore(SPECIES.get(species), 0.46),
                new Prediction.LabelScore(SPECIES.get((species + 1) % 3), 0.41),
                new Prediction.LabelScore(SPECIES.get((species + 2) % 3), 0.08)),
            List.of(Prediction.Review.LOW_CONFIDENCE, Prediction.Review.LOW_MARGIN));
    }

    private static Optional<WebElement> card(String imageId) {
        return browser.findElements(By.cssSelector("li.card[data-image-id='" + imageId + "']")).stream().findFirst();
    }

    @Test
    void aLabelerLabelsAReviewItemWithOneClick() throws IOException {
        List<byte[]> photos = photos();
        List<String> ids = new ArrayList<>();
        for (int i = photos.size() - 1; i >= 0; i--) {
            String imageId = dashboard.storeImage(photos.get(i));
            ids.add(0, imageId);
            dashboard.publishPrediction(Topics.REVIEW, uncertain(imageId, i));
        }
        String imageId = ids.get(0);

        openPageAs("/", TOKEN);
        WebElement card = eventually("the review card in the page", () -> card(imageId));
        String thumbnail = eventually("the thumbnail to load", () -> Optional.of(thumbnailState(card))
            .filter(state -> !state.equals("loading")));
        assertEquals("loaded", thumbnail, "the page shows the stored photo");
        assertEquals("leopard_cat", card.findElement(By.cssSelector(".predicted-label")).getText());
        assertTrue(card.findElement(By.cssSelector(".reasons")).getText().contains("low margin"));
        eventually("the operator panel counts", () -> browser.findElement(By.id("stat-open")).getText().matches("[0-9,]+")
            ? Optional.of(true) : Optional.empty());
        HeadlessChromium.saveScreenshot(browser, SCREENSHOT);

        WebElement tokenField = browser.findElement(By.id("token"));
        tokenField.clear();
        tokenField.sendKeys("not-a-token");
        card.findElement(By.cssSelector("button.quick-label[data-label='malay_civet']")).click();
        String error = eventually("the card's error message", () -> Optional.of(
            card.findElement(By.cssSelector(".error")).getText()).filter(text -> !text.isEmpty()));
        assertTrue(error.contains("(401)"), error);

        tokenField.clear();
        tokenField.sendKeys(TOKEN);
        card.findElement(By.cssSelector("button.quick-label[data-label='malay_civet']")).click();
        eventually("the card to disappear", () -> card(imageId).isEmpty() ? Optional.of(true) : Optional.empty());

        Feedback feedback = dashboard.awaitFeedback(imageId);
        assertEquals("malay_civet", feedback.label());
        assertEquals(DashboardHarness.LABELER, feedback.labeler());

        browser.navigate().refresh();
        assertEquals(TOKEN, browser.findElement(By.id("token")).getAttribute("value"), "the token stays in this browser");
        eventually("the other cards after a reload", () -> card(ids.get(1)));
        assertTrue(card(imageId).isEmpty(), "a labelled item does not come back");
    }

    @Test
    void anImageWaitingForTheFirstModelAsksForALabelThenShowsTheModelsGuess() throws IOException {
        String imageId = dashboard.storeImage(uniquePng());
        dashboard.publishPrediction(Topics.REVIEW, Prediction.awaitingModel(imageId, "cam-north-03", null, Instant.now()));

        openPageAs("/", TOKEN);
        WebElement card = eventually("the cold-start card in the page", () -> card(imageId));
        assertEquals("No model yet — label it to train the first one",
            card.findElement(By.cssSelector(".predicted-label")).getText());
        assertFalse(card.findElement(By.cssSelector(".quick")).isDisplayed(), "no top-k buttons without a model");
        WebElement input = card.findElement(By.cssSelector(".label-input"));
        assertEquals("known-labels", input.getAttribute("list"), "the label input suggests the known labels");
        input.sendKeys("moon");
        HeadlessChromium.saveScreenshot(browser, COLD_START_SCREENSHOT);

        dashboard.publishPrediction(Topics.PREDICTIONS, prediction(imageId, List.of(
            new Prediction.LabelScore("moonrat", 0.93), new Prediction.LabelScore("leopard_cat", 0.05)), List.of()));
        eventually("the model's guess on the card", () -> Optional.of(
            card.findElement(By.cssSelector(".predicted-label")).getText()).filter("moonrat"::equals));
        assertTrue(card.findElement(By.cssSelector("button.quick-label[data-label='moonrat']")).isDisplayed());
        assertEquals("moon", input.getAttribute("value"), "what the labeler typed stays");
    }

    /** "loaded", "loading", or "missing" once the page gave up on the image and says it is not available. */
    private static String thumbnailState(WebElement card) {
        return (String) ((JavascriptExecutor) browser).executeScript(
            "const thumb = arguments[0].querySelector('.thumb');"
                + "if (thumb.tagName !== 'IMG') { return 'missing'; }"
                + "return thumb.complete && thumb.naturalWidth > 0 ? 'loaded' : 'loading';", card);
    }
}
