package org.trapstream.dashboard;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.trapstream.common.contract.Feedback;

/**
 * Each person's last answers, newest first, for undo: {@value #DEPTH} per person, the people bounded by the
 * configuration. In this process only: after a restart, earlier answers cannot be undone from the page.
 * Thread-safe.
 */
final class RecentAnswers {

    static final int DEPTH = 50;

    private final Map<String, Deque<Feedback>> byPerson = new HashMap<>();

    synchronized void add(Feedback answer) {
        Deque<Feedback> answers = byPerson.computeIfAbsent(answer.labeler(), person -> new ArrayDeque<>());
        answers.push(answer);
        if (answers.size() > DEPTH) {
            answers.removeLast();
        }
    }

    /** Takes the person's last answer off the list. */
    synchronized Optional<Feedback> takeLast(String person) {
        Deque<Feedback> answers = byPerson.get(person);
        return answers == null ? Optional.empty() : Optional.ofNullable(answers.poll());
    }
}
