package io.ember.r2dbc.relation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ember.core.filter.Filter;
import io.ember.core.filter.FilterParser;
import io.ember.core.filter.FilterPolicy;
import io.ember.core.filter.FilterValidator;
import io.ember.core.filter.FilterWriter;
import io.ember.core.filter.Where;
import io.ember.core.model.ModelMetadata;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.relation.Forum.FComment;
import io.ember.r2dbc.relation.Forum.FPost;
import io.ember.r2dbc.relation.Forum.FProfile;
import io.ember.r2dbc.relation.Forum.FTag;
import io.ember.r2dbc.relation.Forum.FUser;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Must-show 5 of issue 10: random relation filters (some/none/every/is/isNot nested up to three
 * relations deep, combined with and/or, over NULLs, empty relations, soft-deleted rows and deleted
 * junction links) return from PostgreSQL exactly the rows {@link ForumEvaluator} finds in memory, for
 * {@code find} and {@code count}. Reproducible: the seed is printed with every failure and can be
 * fixed with {@code -Dember.relfilter.seed=...}.
 */
@ExtendWith(EmberDatabaseExtension.class)
class RelationFilterDifferentialIT {

    private static final int FILTERS = 600;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private record Target(String name, DefaultCrudRepository<?, Long> repository, ModelMetadata<?> model,
                          Function<Forum, List<?>> rows) {
    }

    private static Forum forum;
    private static List<Target> targets;

    @BeforeAll
    static void seed(EmberDatabase db, PostgresDataSource ds) {
        forum = new Forum(20261201L);
        forum.create(db);
        targets = List.of(
                new Target("user", new DefaultCrudRepository<FUser, Long>(FUser.class, ds),
                        ModelMetadata.of(FUser.class), f -> f.users),
                new Target("post", new DefaultCrudRepository<FPost, Long>(FPost.class, ds),
                        ModelMetadata.of(FPost.class), f -> f.posts),
                new Target("tag", new DefaultCrudRepository<FTag, Long>(FTag.class, ds),
                        ModelMetadata.of(FTag.class), f -> f.tags),
                new Target("comment", new DefaultCrudRepository<FComment, Long>(FComment.class, ds),
                        ModelMetadata.of(FComment.class), f -> f.comments),
                new Target("profile", new DefaultCrudRepository<FProfile, Long>(FProfile.class, ds),
                        ModelMetadata.of(FProfile.class), f -> f.profiles));
    }

    @Test
    void seededDataHasNullsEmptyRelationsDeletedRowsAndDanglingKeys() {
        assertThat(forum.users).anyMatch(u -> u.name() == null).anyMatch(u -> u.deletedAt() != null);
        assertThat(forum.posts).anyMatch(p -> p.authorId() == null).anyMatch(p -> Long.valueOf(999).equals(p.authorId()))
                .anyMatch(p -> p.published() == null).anyMatch(p -> p.deletedAt() != null);
        assertThat(forum.links).anyMatch(l -> l.deletedAt() != null);
        assertThat(forum.comments).anyMatch(c -> c.score() == null);
        ForumEvaluator eval = new ForumEvaluator(forum);
        assertThat(eval.run(forum.users, FilterParser.parseWhere("{\"posts\":{\"none\":{}}}"))).isNotEmpty();
        assertThat(eval.run(forum.posts, FilterParser.parseWhere("{\"author\":{\"is\":null}}"))).isNotEmpty();
    }

    @Test
    void repositoryAndInMemoryEvaluatorAgreeOnRandomRelationFilters() {
        long seed = Long.getLong("ember.relfilter.seed", new Random().nextLong());
        System.out.println("RelationFilterDifferentialIT seed " + seed + " (rerun with -Dember.relfilter.seed=" + seed + ")");
        RandomRelationFilters generator = new RandomRelationFilters(new Random(seed));
        Random pick = new Random(seed ^ 0x5DEECE66DL);
        ForumEvaluator eval = new ForumEvaluator(forum);
        List<String> failures = new ArrayList<>();
        Set<Where.Quantifier> quantifiers = EnumSet.noneOf(Where.Quantifier.class);
        int nonEmpty = 0;
        int notAll = 0;
        int nested = 0;
        for (int i = 0; i < FILTERS && failures.size() < 5; i++) {
            int r = pick.nextInt(100);
            Target target = targets.get(r < 50 ? 0 : r < 75 ? 1 : r < 85 ? 2 : r < 93 ? 3 : 4);
            ObjectNode json = generator.where(target.name());
            try {
                Where where = FilterParser.parseWhere(json);
                assertThat(FilterParser.parseWhere(FilterWriter.toJson(where))).as("written and read again").isEqualTo(where);
                Where checked = FilterValidator.validateWhere(where, target.model(), FilterPolicy.internal());
                collect(checked, quantifiers);
                nested += relationDepth(checked) >= 2 ? 1 : 0;
                List<Long> expected = eval.run(target.rows().apply(forum), checked);
                List<Long> actual = target.repository().find(Filter.of(where)).map(ForumEvaluator::id)
                        .collectList().block(TIMEOUT).stream().sorted().toList();
                Long count = target.repository().count(where).block(TIMEOUT);
                if (!expected.equals(actual) || count == null || count != expected.size()) {
                    failures.add("filter #" + i + " on " + target.name() + " " + json + "\n  expected " + expected
                            + "\n  actual   " + actual + " (count " + count + ")");
                }
                nonEmpty += expected.isEmpty() ? 0 : 1;
                notAll += expected.size() < eval.run(target.rows().apply(forum), null).size() ? 1 : 0;
            } catch (RuntimeException | AssertionError e) {
                failures.add("filter #" + i + " on " + target.name() + " " + json + "\n  threw " + e);
            }
        }
        assertThat(failures).as("seed %d (rerun with -Dember.relfilter.seed=%d)", seed, seed).isEmpty();
        assertThat(quantifiers).as("quantifiers generated").containsExactlyInAnyOrder(Where.Quantifier.values());
        assertThat(nonEmpty).as("filters that match some rows, seed %d", seed).isGreaterThan(FILTERS / 4);
        assertThat(notAll).as("filters that leave some rows out, seed %d", seed).isGreaterThan(FILTERS / 4);
        assertThat(nested).as("filters with relations two or more levels deep, seed %d", seed).isGreaterThan(FILTERS / 10);
    }

    private static void collect(Where where, Set<Where.Quantifier> into) {
        if (where instanceof Where.Relation r) {
            into.add(r.quantifier());
            if (r.where() != null) {
                collect(r.where(), into);
            }
        } else if (where instanceof Where.And a) {
            a.items().forEach(w -> collect(w, into));
        } else if (where instanceof Where.Or o) {
            o.items().forEach(w -> collect(w, into));
        }
    }

    private static int relationDepth(Where where) {
        if (where instanceof Where.Relation r) {
            return 1 + (r.where() == null ? 0 : relationDepth(r.where()));
        }
        List<Where> items = where instanceof Where.And a ? a.items() : where instanceof Where.Or o ? o.items() : List.of();
        return items.stream().mapToInt(RelationFilterDifferentialIT::relationDepth).max().orElse(0);
    }
}
