package io.ember.examples.webflux;

import static io.ember.core.filter.Where.where;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.error.NotFoundException;
import io.ember.core.filter.Filter;
import io.ember.core.filter.FilterPolicy;
import io.ember.core.filter.QueryStringParser;
import io.ember.core.model.ModelMetadata;
import io.ember.examples.blog.Post;
import io.ember.examples.blog.PostRepository;
import io.ember.examples.blog.PostTagRepository;
import io.ember.examples.blog.TagRepository;
import io.ember.examples.blog.User;
import io.ember.examples.blog.UserRepository;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The blog's endpoints. Reads take Ember's filter from the query string ({@code ?filter=<json>},
 * {@code ?where=<json>} or {@code ?filter[where][published]=true}) under {@link FilterPolicy#external()}:
 * includes, a default and a maximum limit, hidden properties refused; a bad filter is a 400 naming its
 * path. {@code POST /posts} writes a post and its tag links in one Spring transaction.
 */
@RestController
public class BlogController {

    private static final FilterPolicy POLICY = FilterPolicy.external();
    private static final ModelMetadata<Post> POST = ModelMetadata.of(Post.class);
    private static final ModelMetadata<User> USER = ModelMetadata.of(User.class);

    private final PostRepository posts;
    private final UserRepository users;
    private final TagRepository tags;
    private final PostTagRepository postTags;

    /** The controller over the repositories Ember's auto-configuration declared. */
    public BlogController(PostRepository posts, UserRepository users, TagRepository tags, PostTagRepository postTags) {
        this.posts = posts;
        this.users = users;
        this.tags = tags;
        this.postTags = postTags;
    }

    /** {@code GET /posts?filter=...}: the posts the filter selects, with its includes. */
    @GetMapping("/posts")
    public Flux<Post> posts(ServerHttpRequest request) {
        return Flux.defer(() -> posts.find(filter(request, POST)));
    }

    /** {@code GET /posts/{id}?filter=...}: one post (the filter's fields and includes); 404 when none. */
    @GetMapping("/posts/{id}")
    public Mono<Post> post(@PathVariable long id, ServerHttpRequest request) {
        return Mono.defer(() -> posts.findById(id, filter(request, POST)))
                .switchIfEmpty(Mono.error(() -> new NotFoundException(Post.class, id)));
    }

    /** {@code GET /users?filter=...}: the users the filter selects (never their hidden password hash). */
    @GetMapping("/users")
    public Flux<User> users(ServerHttpRequest request) {
        return Flux.defer(() -> users.find(filter(request, USER)));
    }

    /**
     * {@code POST /posts}: stores a draft, then links it to each named tag, in one transaction of
     * Spring's (the repositories join it); a tag that does not exist fails the request with 400 after
     * the post and the links before it were written, and the transaction rolls all of them back.
     * Answers 201 with the post and its tags.
     */
    @PostMapping("/posts")
    @Transactional
    public Mono<ResponseEntity<Post>> create(@RequestBody NewPost body) {
        return posts.create(Post.draft(body.authorId(), body.title(), body.body()))
                .flatMap(post -> Flux.fromIterable(body.tagNames()).index()
                        .concatMap(t -> tags.findOne(Filter.of(where("name").eq(t.getT2())))
                                .switchIfEmpty(Mono.error(() -> new UnknownTagException("tags[" + t.getT1() + "]", t.getT2())))
                                .flatMap(tag -> postTags.tag(Objects.requireNonNull(post.id()), Objects.requireNonNull(tag.id()))))
                        .then(posts.findById(Objects.requireNonNull(post.id()),
                                Filter.empty().include("tags"))))
                .map(post -> ResponseEntity.status(HttpStatus.CREATED).body(post));
    }

    @ExceptionHandler(InvalidFilterException.class)
    ResponseEntity<ApiError> invalidFilter(InvalidFilterException e) {
        return ResponseEntity.badRequest().body(ApiError.of(400, "INVALID_FILTER", e.getMessage(), e.path()));
    }

    @ExceptionHandler(UnknownTagException.class)
    ResponseEntity<ApiError> unknownTag(UnknownTagException e) {
        return ResponseEntity.badRequest().body(ApiError.of(400, "UNKNOWN_TAG", e.getMessage(), e.path()));
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ApiError> notFound(NotFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiError.of(404, "NOT_FOUND", e.getMessage(), null));
    }

    private static Filter filter(ServerHttpRequest request, ModelMetadata<?> model) {
        return QueryStringParser.parse(request.getURI().getRawQuery(), model, POLICY);
    }
}
