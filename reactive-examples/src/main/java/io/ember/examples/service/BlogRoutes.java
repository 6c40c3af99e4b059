package io.ember.examples.service;

import io.ember.examples.blog.CommentRepository;
import io.ember.examples.blog.Post;
import io.ember.examples.blog.PostRepository;
import io.ember.examples.blog.UserRepository;
import io.ember.r2dbc.http.CrudRoutes;
import io.ember.r2dbc.http.HttpProblem;
import io.ember.r2dbc.http.HttpReplies;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The service's endpoints: {@code /users}, {@code /posts} and {@code /comments} as CRUD resources
 * ({@link CrudRoutes}), and {@code POST /posts/{id}/publish}, which publishes a draft and bumps its
 * author's {@code postCount} in one transaction ({@link PostRepository#publish(long)}).
 */
final class BlogRoutes implements Consumer<HttpServerRoutes> {

    private final PostRepository posts;
    private final CrudRoutes<?, ?> usersRoutes;
    private final CrudRoutes<?, ?> postsRoutes;
    private final CrudRoutes<?, ?> commentsRoutes;

    BlogRoutes(UserRepository users, PostRepository posts, CommentRepository comments) {
        this.posts = posts;
        this.usersRoutes = CrudRoutes.of("/users", users);
        this.postsRoutes = CrudRoutes.of("/posts", posts);
        this.commentsRoutes = CrudRoutes.of("/comments", comments);
    }

    @Override
    public void accept(HttpServerRoutes routes) {
        routes.post("/posts/{id}/publish", this::publish);
        usersRoutes.accept(routes);
        postsRoutes.accept(routes);
        commentsRoutes.accept(routes);
    }

    /** 200 with the published post; 404 when there is none; 409 when it is already published. */
    private Mono<Void> publish(HttpServerRequest request, HttpServerResponse response) {
        return Mono.defer(() -> {
                    long id = postId(request.param("id"));
                    return posts.publish(id)
                            .switchIfEmpty(posts.existsById(id).flatMap(exists -> Mono.error(exists
                                    ? new HttpProblem(409, "ALREADY_PUBLISHED", "", "the post is already published")
                                    : HttpProblem.notFound("Post"))));
                })
                .flatMap(post -> HttpReplies.entity(response, 200, Post.class, post))
                .onErrorResume(e -> HttpReplies.error(request, response, e));
    }

    private static long postId(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new HttpProblem(400, "INVALID_ID", "id", "the id must be a value of type Long");
        }
    }
}
