package org.trapstream.dashboard;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.trapstream.common.contract.Feedback;

/**
 * Each person's last answers, newest first, for undo: {@value #DEPTH} per person, the people bounded by the
 * configuration. An answer is the feedback of one image, or of every frame of a burst answered as one (undone as
 * one). In this process only: after a restart, earlier answers cannot be undone from the page. Thread-safe.
 */
final class RecentAnswers {

    static final int DEPTH = 50;

    private final Map<String, Deque<List<Feedback>>> byPerson = new HashMap<>();

    /** Remembers one answer: feedback records of one labeler, at least one. */
    synchronized void add(List<Feedback> answer) {
        if (answer.isEmpty()) {
            throw new IllegalArgumentException("an answer has at least one feedback record");
        }
        Deque<List<Feedback>> answers = byPerson.computeIfAbsent(answer.get(0).labeler(), person -> new ArrayDeque<>());
        answers.push(List.copyOf(answer));
        if (answers.size() > DEPTH) {
            answers.removeLast();
        }
    }

    /** Takes the person's last answer off the list. */
    synchronized Optional<List<Feedback>> takeLast(String person) {
        Deque<List<Feedback>> answers = byPerson.get(person);
        return answers == null ? Optional.empty() : Optional.ofNullable(answers.poll());
    }
}
