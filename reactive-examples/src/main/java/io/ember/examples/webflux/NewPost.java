package io.ember.examples.webflux;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /posts}: a draft and the names of existing tags to link it to.
 *
 * @param authorId the author's id
 * @param title    the title
 * @param body     the text, or {@code null}
 * @param tags     names of existing tags; an unknown one fails the whole request
 */
public record NewPost(long authorId, String title, @Nullable String body, @Nullable List<String> tags) {

    /** The tag names, none when the body had no {@code tags}. */
    public List<String> tagNames() {
        return tags == null ? List.of() : tags;
    }
}
