package org.trapstream.common.http;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one error shape: RFC 9457 members, the code as type and as a member of its own, a title from the code. */
class ProblemTest {

    @Test
    void aProblemCarriesItsCodeAsTypeAndMemberAndATitleMadeFromIt() {
        assertEquals(new JsonObject()
                .put("type", "urn:trapstream:problem:unknown_image")
                .put("title", "Unknown image")
                .put("status", 404)
                .put("detail", "No stored image has id 3f")
                .put("instance", "/api/v1/images/3f")
                .put("code", "unknown_image"),
            Problem.of(404, "unknown_image", "No stored image has id 3f", "/api/v1/images/3f"));
    }

    @Test
    void theTitleIsTheSameForEveryOccurrenceOfACode() {
        assertEquals(Problem.of(429, "rate_limited", "camera a", "/a").getString("title"),
            Problem.of(429, "rate_limited", "camera b", "/b").getString("title"));
        assertEquals("Rate limited", Problem.of(429, "rate_limited", "", "/").getString("title"));
    }
}
