package io.ember.examples;

import static io.ember.core.filter.Where.where;

import io.ember.core.application.Application;
import io.ember.core.error.DataSourceClosedException;
import io.ember.core.filter.Filter;
import io.ember.core.filter.FilterParser;
import io.ember.core.filter.Inclusion;
import io.ember.core.model.ModelMetadata;
import io.ember.core.repository.Options;
import io.ember.core.repository.Patch;
import io.ember.core.repository.Progress;
import io.ember.core.repository.ProgressMeter;
import io.ember.examples.blog.BlogApplication;
import io.ember.examples.blog.BlogSchema;
import io.ember.examples.blog.Comment;
import io.ember.examples.blog.CommentRepository;
import io.ember.examples.blog.Post;
import io.ember.examples.blog.PostRepository;
import io.ember.examples.blog.PostTag;
import io.ember.examples.blog.PostTagRepository;
import io.ember.examples.blog.Tag;
import io.ember.examples.blog.TagRepository;
import io.ember.examples.blog.User;
import io.ember.examples.blog.UserRepository;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The tour: a blog (users, posts, comments, tags through post_tags) built through the application
 * container, on a real PostgreSQL (the external server configured in the environment, else
 * Testcontainers, else an embedded one). Each step is one cold publisher; the steps run one after the
 * other and print what they did and how long it took. {@code main} blocks once, at the edge.
 */
public final class Tour {

    private static final int BULK_ROWS = Integer.getInteger("ember.tour.rows", 100_000);

    private Tour() {
    }

    public static void main(String[] args) {
        TestDatabase.Server server = TestDatabase.server();
        PostgresDataSource ds = EmberDatabase.builderFor(server).name("blog").maxSize(4).initialSize(2).build();
        Application app = BlogApplication.create("blog", ds, (dataSource, models) -> BlogSchema.recreate(dataSource));
        UserRepository users = app.repository(UserRepository.class);
        PostRepository posts = app.repository(PostRepository.class);
        CommentRepository comments = app.repository(CommentRepository.class);
        TagRepository tags = app.repository(TagRepository.class);
        PostTagRepository links = app.repository(PostTagRepository.class);

        long start = System.nanoTime();
        Mono<Void> tour = step("Start the application: check every model and relation, open the pool, run the schema step",
                app.start().thenMany(Flux.defer(() -> Flux.just(
                        "models of datasource 'blog': " + app.models("blog").stream().map(ModelMetadata::table).toList(),
                        "pool: " + ds.stats()))))
                .then(step("Create (createAll: one INSERT per table for all its rows)", users.createAll(List.of(
                                User.of("Ada", "ada@example.com", "hash-a"),
                                User.of("Grace", "grace@example.com", "hash-g"),
                                User.of("Linus", "linus@example.com", "hash-l"))).collectList()
                        .zipWith(tags.createAll(List.of(Tag.of("reactive"), Tag.of("postgres"), Tag.of("java"))).collectList())
                        .flatMapMany(created -> seed(created.getT1(), created.getT2(), posts, comments, links))))
                .then(step("Read by id, patch, soft delete", users.findByEmail("ada@example.com")
                        .flatMapMany(ada -> Flux.concat(
                                Mono.just("found " + ada.name() + " (id " + ada.id() + "); passwordHash is hidden: "
                                        + ada.passwordHash()),
                                users.updateById(ada.id(), Patch.of("name", "Ada Lovelace"))
                                        .map(u -> "patched: " + u.name() + ", version " + u.version()),
                                posts.findOne(Filter.of(where("title").eq("Draft notes")))
                                        .flatMap(draft -> posts.deleteById(draft.id()).thenReturn(draft))
                                        .flatMap(draft -> posts.findById(draft.id()).map(p -> "still visible?!")
                                                .defaultIfEmpty("deleted 'Draft notes': findById finds nothing")
                                                .concatWith(posts.count(where("id").eq(draft.id()),
                                                                Options.defaults().skipDefaultFilter())
                                                        .map(n -> "the row is kept, with deleted_at set: " + n + " row"))
                                                .collect(Collectors.joining("; ")))))))
                .then(step("A filter given as JSON text (as a front end sends it)", jsonFilter(posts)))
                .then(step("Include: every user with their 2 newest posts (a per-parent limit), with tags and comments",
                        users.find(Filter.empty().orderBy("id").include(Inclusion.of("posts", Filter.empty()
                                        .orderBy("id DESC").limit(2).include("tags", "comments"))))
                                .map(Tour::describe)))
                .then(step("Relation filter: users with some post tagged 'java' (Ada's java post is soft-deleted)",
                        users.find(Filter.of(where("posts").some(where("tags").some(where("name").eq("java"))))
                                        .orderBy("name"))
                                .map(User::name)))
                .then(step("A transaction that commits: publish a post and bump its author's post_count",
                        posts.findOne(Filter.of(where("title").eq("Backpressure, explained")))
                                .flatMap(post -> posts.publish(post.id()))
                                .flatMap(post -> users.findById(post.authorId())
                                        .map(u -> "published '" + post.title() + "'; " + u.name() + ".postCount = "
                                                + u.postCount()))))
                .then(step("A transaction that rolls back: the same two writes, then a failure", rollback(ds, users, posts)))
                .then(step("A page: posts by title, 3 per page, the second page",
                        posts.findPage(Filter.empty().orderBy("title").limit(3).skip(3))
                                .flatMapMany(page -> Flux.fromIterable(page.data()).map(Post::title)
                                        .concatWith(Mono.just("range " + page.range())))))
                .then(step("Keyset pages: posts by title, 3 per page; the next page from the signed token, sent back as JSON",
                        keysetPages(posts)))
                .then(bulkAndStream(users, posts, comments))
                .then(step("Stop: in-flight work finishes, the pool closes, new work is refused",
                        app.stop(Duration.ofSeconds(10))
                                .thenMany(users.count(null).map(Object::toString)
                                        .onErrorResume(DataSourceClosedException.class,
                                                e -> Mono.just("then users.count(): " + e.getClass().getSimpleName()
                                                        + ": " + e.getMessage())))));
        try {
            tour.block(Duration.ofMinutes(2));
        } finally {
            app.stop(Duration.ofSeconds(10)).block(Duration.ofSeconds(30));
        }
        System.out.printf("%nTour finished in %,d ms%n", Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    /** Posts for each user, comments on them, and tags on posts. */
    private static Flux<String> seed(List<User> authors, List<Tag> tagList, PostRepository posts,
                                     CommentRepository comments, PostTagRepository links) {
        long ada = id(authors.get(0));
        long grace = id(authors.get(1));
        long linus = id(authors.get(2));
        List<Post> drafts = List.of(
                Post.draft(ada, "Notes on the engine", "The engine weaves algebraic patterns."),
                Post.draft(ada, "Backpressure, explained", "A slow reader slows the writer."),
                Post.draft(ada, "Draft notes", null),
                Post.draft(grace, "Compilers for everyone", "Programs in words."),
                Post.draft(grace, "Finding the moth", "The first actual bug."),
                Post.draft(grace, "Nanoseconds", "A wire of 30 cm."),
                Post.draft(linus, "Just for fun", "A hobby, won't be big."),
                Post.draft(linus, "Show me the code", null));
        return posts.createAll(drafts).collectList().flatMapMany(created -> {
            List<Comment> replies = new ArrayList<>();
            List<PostTag> tagged = new ArrayList<>();
            for (int i = 0; i < created.size(); i++) {
                long post = id(created.get(i));
                for (int c = 0; c <= i % 3; c++) {
                    replies.add(Comment.of(post, id(authors.get((i + c + 1) % 3)), "Comment " + (c + 1) + " on post " + post));
                }
                tagged.add(new PostTag(post, id(tagList.get(i % 3))));
                if (i % 2 == 0) {
                    tagged.add(new PostTag(post, id(tagList.get((i + 1) % 3))));
                }
            }
            return Flux.concat(
                    Mono.just(authors.size() + " users, " + tagList.size() + " tags, " + created.size() + " posts"),
                    comments.createAll(replies).count().map(n -> n + " comments"),
                    links.createAll(tagged).count().map(n -> n + " post_tags rows (composite key post_id + tag_id)"));
        });
    }

    private static Flux<String> jsonFilter(PostRepository posts) {
        String json = "{\"where\": {\"or\": [{\"title\": {\"ilike\": \"%code%\"}}, {\"body\": {\"ilike\": \"%slow%\"}}]},"
                + " \"fields\": [\"id\", \"title\"], \"order\": [\"title ASC\"], \"limit\": 5}";
        return Flux.concat(Mono.just(json), posts.find(FilterParser.parse(json)).map(p -> "  " + p.title() + " (id " + p.id()
                + ", body not selected: " + p.body() + ")"));
    }

    /**
     * The first keyset page in Java, then the second from a JSON filter carrying the first page's
     * token, as a front end sends it back: no offset, no connection held between the pages.
     */
    private static Flux<String> keysetPages(PostRepository posts) {
        return posts.findKeysetPage(Filter.empty().orderBy("title").limit(3)).flatMapMany(first -> {
            String json = "{\"order\": [\"title\"], \"limit\": 3, \"after\": \"" + first.next() + "\"}";
            return Flux.concat(
                    Flux.fromIterable(first.rows()).map(p -> "page 1: " + p.title()),
                    Mono.just("next token: " + first.next().substring(0, 24) + "… (signed; a changed byte is refused)"),
                    posts.findKeysetPage(FilterParser.parse(json)).flatMapMany(second -> Flux.fromIterable(second.rows())
                            .map(p -> "page 2: " + p.title())
                            .concatWith(Mono.just("page 2 next token: " + (second.next() == null ? "none" : "present")))));
        });
    }

    private static Mono<String> rollback(PostgresDataSource ds, UserRepository users, PostRepository posts) {
        return posts.findOne(Filter.of(where("title").eq("Finding the moth"))).flatMap(post -> ds.transactions()
                .transactional(posts.updateById(post.id(), Patch.of("published", true))
                        .then(users.updateById(post.authorId(), Patch.ofIncrement("postCount", 1)))
                        .then(Mono.error(new IllegalStateException("the editor said no"))))
                .onErrorResume(IllegalStateException.class, e -> Mono.empty())
                .then(Mono.zip(posts.findById(post.id()), users.findById(post.authorId())))
                .map(both -> "rolled back on \"the editor said no\": '" + both.getT1().title() + "' published = "
                        + both.getT1().published() + ", " + both.getT2().name() + ".postCount = " + both.getT2().postCount()));
    }

    /**
     * A bulk load of comments through COPY, then a streamed read of all of them, each with a progress
     * line.
     */
    private static Mono<Void> bulkAndStream(UserRepository users, PostRepository posts, CommentRepository comments) {
        return Mono.zip(users.findByEmail("grace@example.com"), posts.findOne(Filter.of(where("title").eq("Just for fun"))))
                .flatMap(both -> {
                    long author = id(both.getT1());
                    long post = id(both.getT2());
                    Flux<Comment> generated = Flux.range(1, BULK_ROWS)
                            .map(i -> Comment.of(post, author, "bulk comment " + i));
                    return step(String.format("Bulk load: %,d comments from a Publisher, through COPY (load)", BULK_ROWS),
                            timed(comments.load(generated, Options.defaults().progress(progressLine())), "rows written"))
                            .then(step("Streamed read: every comment of that post, in id order, as a Flux (fetch size 1,000)",
                                    timed(ProgressMeter.track(comments.find(Filter.of(where("postId").eq(post)).orderBy("id"),
                                                            Options.defaults().fetchSize(1_000)), "stream Comment", progressLine())
                                            .count(), "rows read")));
                });
    }

    private static Mono<String> timed(Mono<Long> count, String what) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return count.map(n -> {
                double seconds = (System.nanoTime() - start) / 1e9;
                return String.format("%,d %s in %,d ms (%,.0f rows/s)", n, what, Math.round(seconds * 1000), n / seconds);
            });
        });
    }

    private static String describe(User user) {
        List<Post> written = Objects.requireNonNullElse(user.posts(), List.of());
        return user.name() + " (post_count " + user.postCount() + "): " + written.stream()
                .map(p -> "'" + p.title() + "' tags " + Objects.requireNonNullElse(p.tags(), List.<Tag>of()).stream()
                        .map(Tag::name).sorted().toList() + ", " + Objects.requireNonNullElse(p.comments(), List.of()).size()
                        + " comment(s)")
                .collect(Collectors.joining("; "));
    }

    private static long id(User user) {
        return Objects.requireNonNull(user.id());
    }

    private static long id(Post post) {
        return Objects.requireNonNull(post.id());
    }

    private static long id(Tag tag) {
        return Objects.requireNonNull(tag.id());
    }

    /** Runs a step: prints its title, then each line it emits as it comes, then its time. */
    private static Mono<Void> step(String title, Publisher<?> work) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            System.out.printf("%n== %s%n", title);
            return Flux.from(work).doOnNext(line -> System.out.println("   " + line))
                    .then(Mono.fromRunnable(() -> System.out.printf("   (%,d ms)%n",
                            Duration.ofNanos(System.nanoTime() - start).toMillis())));
        });
    }

    /**
     * Prints progress as it arrives: on a terminal one line rewritten in place; otherwise (output to
     * a file or a pipe) a line at most every second, and the last one.
     */
    private static Consumer<Progress> progressLine() {
        boolean terminal = System.console() != null;
        AtomicLong lastPrinted = new AtomicLong();
        return progress -> {
            if (terminal) {
                System.out.print("\r   " + progress.line() + (progress.done() ? "\n" : ""));
                return;
            }
            long now = System.nanoTime();
            long last = lastPrinted.get();
            if (progress.done() || last == 0 || now - last >= 1_000_000_000L) {
                lastPrinted.set(now);
                System.out.println("   " + progress.line());
            }
        };
    }
}
