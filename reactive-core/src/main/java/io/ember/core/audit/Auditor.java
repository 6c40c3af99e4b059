package io.ember.core.audit;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The acting user of a pipeline, carried in the Reactor {@code Context} under {@link #KEY}. Put it
 * there once, at the edge (a WebFlux filter, a message listener), and every repository write below
 * reads it when it is subscribed, inside transactions too:
 *
 * <pre>{@code
 * posts.create(post)
 *      .contextWrite(Auditor.withUser(currentUserId));
 * }</pre>
 *
 * <p>The value must have the type of the model's {@code @CreatedBy}/{@code @ModifiedBy} property
 * ({@code String}, {@code UUID}, {@code Long} or {@code Integer}); another type fails the write with an
 * {@link io.ember.core.error.AuditUserException}. Code that builds the {@code Context} itself may put
 * the value under {@link #KEY} directly.
 */
public final class Auditor {

    /** The {@code Context} key of the acting user. */
    public static final String KEY = "io.ember.audit.user";

    private Auditor() {
    }

    /**
     * A {@code Context} function for {@code contextWrite} that sets the acting user.
     *
     * @param user the user's id, of the type of the audit properties it will be written to
     */
    public static Function<Context, Context> withUser(Object user) {
        Objects.requireNonNull(user, "user");
        return context -> context.put(KEY, user);
    }

    /**
     * A {@code Context} function for {@code contextWrite} that removes the acting user, for work that
     * must run as anonymous (its writes then follow the repository's {@link AnonymousWrites}).
     */
    public static Function<Context, Context> anonymous() {
        return context -> context.delete(KEY);
    }

    /** The acting user in this context, or empty. */
    public static Optional<Object> user(ContextView context) {
        return context.getOrEmpty(KEY);
    }

    /** Emits the acting user of the subscriber's context, or completes empty. Cold. */
    public static Mono<Object> currentUser() {
        return Mono.deferContextual(context -> Mono.justOrEmpty(user(context)));
    }
}
