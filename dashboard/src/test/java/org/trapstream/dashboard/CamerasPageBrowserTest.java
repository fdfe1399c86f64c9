package org.trapstream.dashboard;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.trapstream.common.contract.RejectReason;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.dashboard.CameraApiTest.steady;
import static org.trapstream.dashboard.CameraApiTest.turningEmpty;
import static org.trapstream.dashboard.DashboardHarness.VIEWER;
import static org.trapstream.dashboard.DashboardHarness.VIEWER_TOKEN;
import static org.trapstream.dashboard.DashboardHarness.eventually;
import static org.trapstream.dashboard.DashboardHarness.freshCamera;
import static org.trapstream.dashboard.DashboardHarness.unknownImageId;

/**
 * The cameras page in a real headless Chromium, over a dashboard on the real broker: a signed-in viewer sees one
 * row per camera with its images, empty share, label shares, last seen, dead letters and drift, and the camera that
 * drifts and the one silent for days marked; a wrong secret is refused at sign-in with a clear message, and a
 * session that ends sends the viewer back to sign in.
 */
class CamerasPageBrowserTest extends BrowserPageTest {

    private static final Path SCREENSHOT = Path.of("target/cameras-page.png");

    /**
     * The camera's row as shown now: its classes, each cell's text by the cell's last class, and the widths of its
     * label bar's segments. Read in one script call, since every refresh redraws the rows.
     */
    @SuppressWarnings("unchecked")
    private static Optional<Map<String, Object>> row(String cameraId) {
        return Optional.ofNullable((Map<String, Object>) ((JavascriptExecutor) browser).executeScript(
            "const row = document.querySelector(`tr[data-camera-id='${arguments[0]}']`);"
                + "if (!row) { return null; }"
                + "const state = { classes: row.className,"
                + "  segments: [...row.querySelectorAll('.shares span')].map((s) => s.getBoundingClientRect().width) };"
                + "for (const td of row.cells) { state[td.classList[td.classList.length - 1]] = td.innerText; }"
                + "return state;", cameraId));
    }

    @Test
    void aViewerSeesEachCamerasHealthAndWhichOnesNeedALook() {
        Instant now = Instant.now();
        String drifting = freshCamera("cam-ridge");
        String steady = freshCamera("cam-river");
        String silent = freshCamera("cam-gully");
        dashboard.publishPredictions(turningEmpty(drifting, now.minusSeconds(400)));
        dashboard.publishPredictions(steady(steady, 150, now.minusSeconds(150)));
        dashboard.publishPredictions(steady(silent, 20, now.minus(Duration.ofDays(3))));
        dashboard.publishDeadLetter(unknownImageId(), drifting, RejectReason.CORRUPT, "truncated JPEG");
        dashboard.publishDeadLetter(unknownImageId(), drifting, RejectReason.CORRUPT, "truncated JPEG");
        dashboard.awaitCamera(drifting, 400, 2);
        dashboard.awaitCamera(steady, 150, 0);
        dashboard.awaitCamera(silent, 20, 0);

        assertEquals(VIEWER + " · viewer", signIn(browser, "/cameras", VIEWER, VIEWER_TOKEN));
        Map<String, Object> ridge = eventually("the drifting camera's row", () -> row(drifting));
        assertEquals("400", ridge.get("images"));
        assertTrue(((String) ridge.get("empty")).startsWith("25.0%"), ridge.toString());
        assertTrue(((String) ridge.get("labels")).contains("civet 37.5% · moonrat 37.5% · empty 25.0%"), ridge.toString());
        assertTrue(((String) ridge.get("dead-letters")).contains("corrupt 2"), ridge.toString());
        assertTrue(((String) ridge.get("classes")).contains("drifting"), "marked: its frames turned empty");
        List<?> segments = (List<?>) ridge.get("segments");
        assertEquals(3, segments.size(), "one bar segment per label");
        assertTrue(((Number) segments.get(0)).doubleValue() > 0, "sized by the script, which the page's policy allows");

        Map<String, Object> river = row(steady).orElseThrow();
        assertFalse(((String) river.get("classes")).contains("drifting"), river.toString());
        assertFalse(((String) river.get("classes")).contains("silent"), river.toString());
        assertTrue(((String) river.get("last-seen")).matches("\\d+ (s|min) ago"), river.toString());
        Map<String, Object> gully = row(silent).orElseThrow();
        assertTrue(((String) gully.get("classes")).contains("silent"), "nothing for three days");
        assertEquals("3 days ago", gully.get("last-seen"));
        assertTrue(((String) gully.get("drift")).startsWith("–"), "too few images to tell: " + gully);
        saveScreenshot(SCREENSHOT);


        browser.manage().deleteAllCookies();
        eventually("the next refresh to send the viewer to sign in", () -> Optional.of(browser.getCurrentUrl())
            .filter(url -> url.endsWith("/sign-in?next=%2Fcameras")));
    }

    @Test
    void aWrongSecretIsRefusedAtSignInAndShowsNothing() {
        submitSignIn(browser, "/cameras", "", "not-a-token");
        String problem = eventually("the sign-in page to say the secret was refused", () -> Optional.of(
            browser.findElement(By.id("sign-in-status")).getText()).filter(text -> text.contains("(401)")));
        assertTrue(problem.startsWith("that name and secret do not match"), problem);
        assertTrue(browser.getCurrentUrl().contains("/sign-in?next="), browser.getCurrentUrl());
        assertTrue(browser.findElements(By.id("camera-rows")).isEmpty(), "still on the sign-in page");
    }

    @Test
    void thePageIsServedWithItsContentSecurityPolicy() {
        var response = dashboard.get("/cameras", null);
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(response.body().contains("assets/cameras.js"));
    }
}
