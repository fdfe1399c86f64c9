package org.trapstream.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.trapstream.common.contract.Feedback;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.testkit.SharedDatasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.dashboard.DashboardHarness.LABELER;
import static org.trapstream.dashboard.DashboardHarness.SECOND_LABELER;
import static org.trapstream.dashboard.DashboardHarness.SECOND_LABELER_TOKEN;
import static org.trapstream.dashboard.DashboardHarness.TOKEN;
import static org.trapstream.dashboard.DashboardHarness.eventually;
import static org.trapstream.dashboard.DashboardHarness.prediction;
import static org.trapstream.dashboard.DashboardHarness.uniquePng;

/**
 * The review page in real headless Chromium against a dashboard on the real broker: a labeler signs in, answers
 * with a key press and takes it back with another, and the records appear on the feedback topic; two labelers in
 * two browsers at once answer every item once and never the same one; a burst is answered as one.
 */
class ReviewPageBrowserTest extends BrowserPageTest {

    private static final Path SCREENSHOT = Path.of("target/review-page.png");
    private static final Path BURST_SCREENSHOT = Path.of("target/review-burst.png");
    private static final List<String> SPECIES = List.of("leopard_cat", "malay_civet", "moonrat");

    @TempDir
    static Path bobsProfile;
    /** The shared browser; bob's has a profile, and so a session, of its own. */
    static ChromeDriver alice;
    static ChromeDriver bob;

    @BeforeAll
    static void startSecondBrowser() {
        alice = browser;
        bob = HeadlessChromium.start(bobsProfile);
    }

    @AfterAll
    static void stopSecondBrowser() {
        if (bob != null) {
            bob.quit();
        }
    }

    /**
     * Real camera-trap photos of one species when the shared datasets are there, generated stand-ins otherwise.
     * Each test takes another species: an image labelled by one test would not open for review in the next.
     */
    private static List<byte[]> photos(String species, int count) throws IOException {
        List<byte[]> photos = new ArrayList<>();
        Optional<Path> folder = SharedDatasets.find(SharedDatasets.BORNEO + "/test/" + species);
        if (folder.isPresent()) {
            try (Stream<Path> files = Files.list(folder.get())) {
                for (Path file : files.sorted().limit(count).toList()) {
                    photos.add(Files.readAllBytes(file));
                }
            }
        }
        while (photos.size() < count) {
            photos.add(uniquePng());
        }
        return photos;
    }

    /** Review items for a camera of the test's own, so other tests' items stay out of its pages. */
    private static List<String> reviewItems(String camera, String species, int count) throws IOException {
        List<String> ids = new ArrayList<>();
        for (byte[] photo : photos(species, count)) {
            String imageId = dashboard.storeImage(photo);
            if (ids.contains(imageId)) {
                continue;
            }
            ids.add(imageId);
            dashboard.publishPrediction(Topics.REVIEW, prediction(imageId, camera, List.of(
                    new Prediction.LabelScore(SPECIES.get(0), 0.46), new Prediction.LabelScore(SPECIES.get(1), 0.41),
                    new Prediction.LabelScore(SPECIES.get(2), 0.08)),
                List.of(Prediction.Review.LOW_CONFIDENCE, Prediction.Review.LOW_MARGIN)));
        }
        eventually("the review items on the list", () -> {
            String open = dashboard.get("/api/v1/review?limit=500&order=newest").body();
            return ids.stream().allMatch(open::contains) ? Optional.of(true) : Optional.empty();
        });
        return ids;
    }

    /** Signs in on the review page and looks at one camera only. */
    private static void signInAndReview(ChromeDriver browser, String name, String secret, String camera) {
        assertEquals(name + " · labeler", signIn(browser, "/review", name, secret));
        browser.findElement(By.id("filter-camera")).sendKeys(camera);
        browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
        eventually("the page to show " + camera + " only", () -> !shown(browser).equals("loading")
            && (shown(browser).equals("none") || browser.findElement(By.id("item-camera")).getText().equals(camera))
            ? Optional.of(true) : Optional.empty());
    }

    /** The image id the page shows, "none" once it says nothing waits, "loading" while it asks the server. */
    private static String shown(ChromeDriver browser) {
        return (String) ((JavascriptExecutor) browser).executeScript(
            "if (document.body.dataset.busy !== 'false') { return 'loading'; }"
                + "if (!document.getElementById('empty-queue').hidden) { return 'none'; }"
                + "const item = document.getElementById('item');"
                + "return item.hidden ? 'loading' : document.getElementById('frame').dataset.imageId || 'loading';");
    }

    private static String awaitShownOtherThan(ChromeDriver browser, String previous) {
        return eventually("the page to move on from " + previous, () -> Optional.of(shown(browser))
            .filter(id -> !id.equals(previous) && !id.equals("loading")));
    }

    private static void press(ChromeDriver browser, CharSequence key) {
        browser.findElement(By.tagName("body")).sendKeys(key);
    }

    @Test
    void aLabelerSignsInAnswersWithAKeyAndTakesItBackWithAnother() throws IOException {
        String camera = "cam-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = reviewItems(camera, SPECIES.get(1), 3);
        signInAndReview(alice, LABELER, TOKEN, camera);

        String first = awaitShownOtherThan(alice, "none");
        assertTrue(ids.contains(first));
        eventually("the photo to load", () -> (Boolean) ((JavascriptExecutor) alice).executeScript(
            "const img = document.getElementById('photo'); return img.complete && img.naturalWidth > 0;")
            ? Optional.of(true) : Optional.empty());
        assertEquals(String.valueOf(ids.size() - 1), alice.findElement(By.id("waiting")).getText());
        assertTrue(alice.findElement(By.id("item-reasons")).getText().contains("low margin"));
        saveScreenshot(SCREENSHOT);

        press(alice, "2");
        String second = awaitShownOtherThan(alice, first);
        Feedback answer = dashboard.awaitFeedback(first);
        assertEquals(SPECIES.get(1), answer.label(), "key 2 is the model's second guess");
        assertEquals(LABELER, answer.labeler());

        press(alice, "u");
        assertEquals(first, awaitShownOtherThan(alice, second), "undo brings the item back");
        List<Feedback> records = DashboardHarness.awaitFeedback(first, 2);
        assertTrue(records.get(1).isRetraction(), "the retraction is on the feedback topic");
        assertEquals(answer.labeledAt(), records.get(1).retractsLabeledAt());

        press(alice, "e");
        awaitShownOtherThan(alice, first);
        assertEquals("empty", DashboardHarness.awaitFeedback(first, 3).get(2).label());
    }

    @Test
    void twoLabelersInTwoBrowsersAnswerEveryItemOnceAndNeverTheSameOne() throws IOException {
        String camera = "cam-" + UUID.randomUUID().toString().substring(0, 8);
        Set<String> ids = new HashSet<>(reviewItems(camera, SPECIES.get(2), 6));
        signInAndReview(alice, LABELER, TOKEN, camera);
        signInAndReview(bob, SECOND_LABELER, SECOND_LABELER_TOKEN, camera);

        List<String> byAlice = new ArrayList<>();
        List<String> byBob = new ArrayList<>();
        String onAlice = awaitShownOtherThan(alice, "loading");
        String onBob = awaitShownOtherThan(bob, "loading");
        while (!onAlice.equals("none") || !onBob.equals("none")) {
            if (!onAlice.equals("none") && !onBob.equals("none")) {
                assertNotEquals(onAlice, onBob, "two labelers never hold the same item");
            }
            if (!onAlice.equals("none")) {
                press(alice, "1");
                byAlice.add(onAlice);
                onAlice = awaitShownOtherThan(alice, onAlice);
            }
            if (!onBob.equals("none")) {
                press(bob, "3");
                byBob.add(onBob);
                onBob = awaitShownOtherThan(bob, onBob);
            }
            if (onAlice.equals("none") || onBob.equals("none")) {
                // The one who ran out asks again: the other may have skipped nothing, so nothing comes back.
                break;
            }
        }
        finish(alice, byAlice, onAlice, "1");
        finish(bob, byBob, onBob, "3");

        Set<String> answered = new HashSet<>(byAlice);
        answered.addAll(byBob);
        assertEquals(ids.size(), byAlice.size() + byBob.size(), "no item answered twice");
        assertEquals(ids, answered, "every item answered");
        for (String imageId : byAlice) {
            assertEquals(LABELER, dashboard.awaitFeedback(imageId).labeler());
        }
        for (String imageId : byBob) {
            assertEquals(SECOND_LABELER, dashboard.awaitFeedback(imageId).labeler());
            assertEquals(SPECIES.get(2), dashboard.awaitFeedback(imageId).label());
        }
    }

    @Test
    void aBurstIsShownAsAStripAndAnsweredWithOneKeyPress() throws IOException {
        String camera = "cam-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> frames = reviewItems(camera, SPECIES.get(0), 3);
        dashboard.publishEvent(camera, frames, Instant.parse("2024-05-01T06:12:00Z"));
        signInAndReview(alice, LABELER, TOKEN, camera);

        String leased = awaitShownOtherThan(alice, "none");
        assertTrue(frames.contains(leased));
        assertEquals(frames.size(), alice.findElements(By.cssSelector("#burst-strip img")).size(),
            "a thumbnail per frame");
        assertEquals(leased, frameShown(alice), "the leased frame first");
        int at = frames.indexOf(leased);
        String neighbour = frames.get(at == frames.size() - 1 ? at - 1 : at + 1);
        press(alice, at == frames.size() - 1 ? Keys.ARROW_LEFT : Keys.ARROW_RIGHT);
        assertEquals(neighbour, frameShown(alice), "an arrow key steps to the next frame");
        eventually("the strip's thumbnails to load", () -> (Boolean) ((JavascriptExecutor) alice).executeScript(
            "return [...document.querySelectorAll('#burst-strip img')].every(i => i.complete && i.naturalWidth > 0);")
            ? Optional.of(true) : Optional.empty());
        saveScreenshot(BURST_SCREENSHOT);

        press(alice, "1");
        assertEquals("none", awaitShownOtherThan(alice, leased), "no frame of the burst is handed out again");
        for (String frame : frames) {
            Feedback answer = dashboard.awaitFeedback(frame);
            assertEquals(SPECIES.get(0), answer.label(), "one key labels every frame");
            assertEquals(LABELER, answer.labeler());
        }
    }

    private static String frameShown(ChromeDriver browser) {
        return browser.findElement(By.id("frame")).getDomAttribute("data-frame-id");
    }

    /** Answers what is left on one page once the other ran out. */
    private static void finish(ChromeDriver browser, List<String> answered, String shown, String key) {
        while (!shown.equals("none")) {
            press(browser, key);
            answered.add(shown);
            shown = awaitShownOtherThan(browser, shown);
        }
    }
}
