package io.ember.r2dbc.repository;

import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.filter.Filter;
import io.ember.core.repository.Patch;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.TestModels.Item;
import io.ember.r2dbc.schema.SchemaGenerator;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.blockhound.BlockHound;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Every repository operation runs with BlockHound installed and is subscribed from a non-blocking
 * Reactor thread; the driver's work runs on Netty's event loops, which BlockHound also watches. A
 * blocking call anywhere on the way (Ember, the pool, the driver) fails the test.
 */
@ExtendWith(EmberDatabaseExtension.class)
class NonBlockingIT {

    private static DefaultCrudRepository<Item, Long> items;

    @BeforeAll
    static void install(PostgresDataSource ds) {
        SchemaGenerator.createTables(ds, Item.class).block(Duration.ofSeconds(30));
        BlockHound.install();
        items = new DefaultCrudRepository<>(Item.class, ds);
    }

    @Test
    void blockHoundCatchesBlockingOnNonBlockingThreads() {
        Mono<Object> blocking = Mono.fromCallable(() -> {
            Thread.sleep(1);
            return (Object) "slept";
        }).subscribeOn(Schedulers.parallel());
        StepVerifier.create(blocking)
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("Blocking call"))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void repositoryOperationsNeverBlock() {
        Flux<Object> work = items.createAll(List.of(Item.of("a", 1), Item.of("b", 2), Item.of("c", 3)))
                .thenMany(items.create(Item.of("d", 4)))
                .flatMap(d -> items.updateById(d.id(), Patch.of("qty", 40)))
                .thenMany(items.find(Filter.where(where("qty").gt(1)).orderBy("qty DESC")))
                .collectList()
                .flatMapMany(list -> Flux.concat(items.count(where("qty").gte(1)), items.exists(null),
                        items.findPage(Filter.empty().limit(2)), items.findById(list.get(0).id()),
                        items.updateAll(Patch.of("name", "z"), where("qty").lt(3)),
                        items.deleteAll(where("name").eq("z")), items.deleteById(list.get(0).id())))
                .subscribeOn(Schedulers.parallel());
        StepVerifier.create(work.count()).expectNext(7L).verifyComplete();
    }
}
