package io.ember.r2dbc.relation;

import io.ember.core.filter.Filter;
import io.ember.core.filter.Inclusion;
import io.ember.core.repository.Options;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.relation.Blog.User;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;

/**
 * Run in a JVM of its own by {@link StreamingIncludeMemoryIT}: streams every user with its posts and
 * their comments, in chunks of 1,000 parents, and prints the count and the peak heap.
 * Arguments: host port database user password schema.
 */
public final class StreamingInclude {

    private StreamingInclude() {
    }

    public static void main(String[] args) {
        try (PostgresDataSource ds = PostgresDataSource.builder().host(args[0]).port(Integer.parseInt(args[1]))
                .database(args[2]).user(args[3]).password(args[4]).schema(args[5]).build()) {
            DefaultCrudRepository<User, Long> users = new DefaultCrudRepository<>(User.class, ds);
            long[] seen = new long[2];
            users.find(Filter.empty().orderBy("id ASC").include(Inclusion.of("posts", Filter.empty().include("comments"))),
                            Options.defaults().fetchSize(1000))
                    .doOnNext(u -> {
                        seen[0]++;
                        seen[1] += u.posts().size();
                    })
                    .then().block(Duration.ofMinutes(10));
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.println("users=" + seen[0] + " posts=" + seen[1] + " peakHeapBytes=" + peak
                    + " maxHeapBytes=" + Runtime.getRuntime().maxMemory());
        }
    }
}
