package org.trapstream.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every alert's {@code runbook_url} leads to its own heading of {@code RUNBOOK.md}, by the anchor GitHub gives it. */
class RunbookLinksTest {

    private static final Path RUNBOOK = Path.of("..", "RUNBOOK.md");
    private static final Pattern RUNBOOK_URL = Pattern.compile("(?m)^\\s*runbook_url: RUNBOOK\\.md#([\\w-]+)$");
    private static final Pattern HEADING = Pattern.compile("#{1,6}\\s+(.*?)[\\s#]*");
    private static final Pattern FENCE = Pattern.compile("\\s{0,3}(```|~~~).*");
    // What GitHub drops from a heading's text to make its anchor.
    private static final Pattern NOT_IN_ANCHOR = Pattern.compile("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]");

    @Test
    void everyAlertLinksTheHeadingOfItsOwnSection() throws IOException {
        String rules = Files.readString(PrometheusRulesTest.PROMETHEUS_DIR.resolve("alerts.yml"));
        List<String> anchors = PrometheusRulesTest.alertNames().stream()
            .map(name -> name.toLowerCase(Locale.ROOT)).toList();
        assertEquals(anchors, PrometheusRulesTest.matches(RUNBOOK_URL, rules),
            "one runbook_url per alert, to its own anchor");
        Set<String> headings = headingAnchors(Files.readString(RUNBOOK));
        for (String anchor : anchors) {
            assertTrue(headings.contains(anchor), "RUNBOOK.md has no heading whose anchor is #" + anchor);
        }
    }

    @Test
    void headingAnchorsAreGitHubsAndLeaveCodeBlocksOut() {
        String markdown = """
            # Runbook
            ## Images in flight
            ### `camtrap.images` lag (warning) ###
            ```sh
            # a shell comment
            ```
            ## Images in flight
            #not a heading
            """;
        assertEquals(Set.of("runbook", "images-in-flight", "camtrapimages-lag-warning", "images-in-flight-1"),
            headingAnchors(markdown));
    }

    /** The anchors GitHub gives a Markdown file's headings: lower case, punctuation dropped, spaces as hyphens. */
    private static Set<String> headingAnchors(String markdown) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> repeats = new HashMap<>();
        boolean inCode = false;
        for (String line : markdown.lines().toList()) {
            inCode ^= FENCE.matcher(line).matches();
            Matcher heading = HEADING.matcher(line);
            if (!inCode && heading.matches()) {
                String anchor = NOT_IN_ANCHOR.matcher(heading.group(1).toLowerCase(Locale.ROOT)).replaceAll("")
                    .replace(' ', '-');
                int repeat = repeats.merge(anchor, 1, Integer::sum) - 1;
                anchors.add(repeat == 0 ? anchor : anchor + "-" + repeat);
            }
        }
        return anchors;
    }
}
