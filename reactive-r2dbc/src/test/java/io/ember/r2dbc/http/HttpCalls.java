package io.ember.r2dbc.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/** A real HTTP client (Reactor Netty's) for the tests, and what an answer holds. */
final class HttpCalls {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A status, the headers and the body, read as JSON when it is JSON. */
    record Reply(int status, HttpHeaders headers, String text) {

        JsonNode json() {
            try {
                return JSON.readTree(text);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + text, e);
            }
        }

        JsonNode error() {
            return json().get("error");
        }
    }

    private final HttpClient client;

    HttpCalls(int port) {
        this.client = HttpClient.create().baseUrl("http://127.0.0.1:" + port);
    }

    Mono<Reply> call(HttpMethod method, String uri, String body) {
        HttpClient.RequestSender sender = client.headers(h -> h.set("Content-Type", "application/json"))
                .request(method).uri(uri);
        HttpClient.ResponseReceiver<?> receiver = body == null ? sender : sender.send(ByteBufFlux.fromString(Mono.just(body)));
        return receiver.responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                .map(text -> new Reply(response.status().code(), response.responseHeaders(), text)));
    }

    Reply get(String uri) {
        return call(HttpMethod.GET, uri, null).block(Duration.ofSeconds(30));
    }

    Reply post(String uri, String body) {
        return call(HttpMethod.POST, uri, body).block(Duration.ofSeconds(30));
    }

    Reply patch(String uri, String body) {
        return call(HttpMethod.PATCH, uri, body).block(Duration.ofSeconds(30));
    }

    Reply delete(String uri) {
        return call(HttpMethod.DELETE, uri, null).block(Duration.ofSeconds(30));
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
