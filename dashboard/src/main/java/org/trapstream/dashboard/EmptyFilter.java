package org.trapstream.dashboard;

import java.util.function.Predicate;

import org.trapstream.common.contract.EnumCodes;
import org.trapstream.common.contract.Prediction;

/**
 * Which predictions a list or a stream shows by their empty flag ({@code ?empty=}): all (the default), none of the
 * frames the model marked empty, or only them.
 */
enum EmptyFilter implements Predicate<Prediction> {
    SHOW, HIDE, ONLY;

    /** The filter a query's {@code empty} names; a wrong name is refused with an {@link IllegalArgumentException}. */
    static EmptyFilter of(String code) {
        return code == null || code.isBlank() ? SHOW : EnumCodes.parse(EmptyFilter.class, code, "empty filter");
    }

    @Override
    public boolean test(Prediction prediction) {
        return shows(prediction.empty());
    }

    boolean shows(boolean empty) {
        return switch (this) {
            case SHOW -> true;
            case HIDE -> !empty;
            case ONLY -> empty;
        };
    }
}
