package io.ember.r2dbc.relation;

import io.ember.core.filter.Operator;
import io.ember.core.filter.Where;
import io.ember.r2dbc.relation.Forum.FComment;
import io.ember.r2dbc.relation.Forum.FPost;
import io.ember.r2dbc.relation.Forum.FProfile;
import io.ember.r2dbc.relation.Forum.FTag;
import io.ember.r2dbc.relation.Forum.FUser;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Relation filters as docs/filter.md states them, evaluated over {@link Forum}'s rows in memory,
 * independently of the SQL: conditions on columns in SQL three-valued logic ({@code null} is unknown);
 * a relation condition is always true or false: {@code some} = a live related row where the condition
 * is TRUE, {@code none} = not some, {@code every} = every live related row TRUE (true without rows),
 * {@code is w} = some, {@code isNot w} = not some, {@code is null} = no live related row,
 * {@code isNot null} = one. Soft-deleted rows and deleted junction links are not related.
 */
final class ForumEvaluator {

    private final Forum data;

    ForumEvaluator(Forum data) {
        this.data = data;
    }

    /** The ids of the live rows of the model of {@code rows} whose where is TRUE, in id order. */
    List<Long> run(List<?> rows, @Nullable Where where) {
        return rows.stream().filter(ForumEvaluator::live).filter(r -> where == null || Boolean.TRUE.equals(test(r, where)))
                .map(ForumEvaluator::id).sorted().toList();
    }

    @Nullable Boolean test(Object row, Where where) {
        if (where instanceof Where.And and) {
            Boolean result = true;
            for (Where item : and.items()) {
                Boolean b = test(row, item);
                if (Boolean.FALSE.equals(b)) {
                    return false;
                }
                result = b == null ? null : result;
            }
            return result;
        }
        if (where instanceof Where.Or or) {
            Boolean result = false;
            for (Where item : or.items()) {
                Boolean b = test(row, item);
                if (Boolean.TRUE.equals(b)) {
                    return true;
                }
                result = b == null ? null : result;
            }
            return result;
        }
        if (where instanceof Where.Relation r) {
            List<?> related = related(row, r.relation());
            Where w = r.where();
            Predicate<Object> holds = o -> w == null || Boolean.TRUE.equals(test(o, w));
            return switch (r.quantifier()) {
                case SOME -> related.stream().anyMatch(holds);
                case NONE -> related.stream().noneMatch(holds);
                case EVERY -> related.stream().allMatch(holds);
                case IS -> w == null ? related.isEmpty() : related.stream().anyMatch(holds);
                case IS_NOT -> w == null ? !related.isEmpty() : related.stream().noneMatch(holds);
            };
        }
        Where.Condition c = (Where.Condition) where;
        return condition(value(row, c.path()), c);
    }

    private static @Nullable Boolean condition(@Nullable Object column, Where.Condition c) {
        Object v = c.value();
        switch (c.operator()) {
            case EQ, NEQ -> {
                if (v == null) {
                    return (column == null) == (c.operator() == Operator.EQ);
                }
                return column == null ? null : column.equals(v) == (c.operator() == Operator.EQ);
            }
            case GT, GTE, LT, LTE -> {
                if (v == null) {
                    return false;
                }
                if (column == null) {
                    return null;
                }
                int cmp = Integer.compare((Integer) column, ((Number) v).intValue());
                return switch (c.operator()) {
                    case GT -> cmp > 0;
                    case GTE -> cmp >= 0;
                    case LT -> cmp < 0;
                    default -> cmp <= 0;
                };
            }
            case INQ, NIN -> {
                Collection<?> list = (Collection<?>) Objects.requireNonNull(v);
                boolean in = c.operator() == Operator.INQ;
                if (list.isEmpty()) {
                    return !in;
                }
                if (column == null) {
                    return null;
                }
                return list.contains(column) == in;
            }
            case LIKE, NLIKE -> {
                if (column == null) {
                    return null;
                }
                String regex = Pattern.quote((String) v).replace("%", "\\E.*\\Q").replace("_", "\\E.\\Q");
                return Pattern.compile(regex, Pattern.DOTALL).matcher((String) column).matches()
                        == (c.operator() == Operator.LIKE);
            }
            default -> throw new AssertionError("the generator does not make " + c.operator());
        }
    }

    private List<?> related(Object row, String relation) {
        if (row instanceof FUser u) {
            return switch (relation) {
                case "posts" -> data.posts.stream().filter(p -> u.id().equals(p.authorId()) && live(p)).toList();
                case "profile" -> data.profiles.stream().filter(p -> u.id().equals(p.userId())).toList();
                default -> throw new AssertionError(relation);
            };
        }
        if (row instanceof FPost p) {
            return switch (relation) {
                case "author" -> data.users.stream().filter(u -> u.id().equals(p.authorId()) && live(u)).toList();
                case "comments" -> data.comments.stream().filter(c -> p.id().equals(c.postId())).toList();
                case "tags" -> data.links.stream().filter(l -> l.postId().equals(p.id()) && l.deletedAt() == null)
                        .flatMap(l -> data.tags.stream().filter(t -> t.id().equals(l.tagId()))).toList();
                default -> throw new AssertionError(relation);
            };
        }
        if (row instanceof FComment c) {
            return data.posts.stream().filter(p -> p.id().equals(c.postId()) && live(p)).toList();
        }
        if (row instanceof FTag t) {
            return data.links.stream().filter(l -> l.tagId().equals(t.id()) && l.deletedAt() == null)
                    .flatMap(l -> data.posts.stream().filter(p -> p.id().equals(l.postId()) && live(p))).toList();
        }
        if (row instanceof FProfile p) {
            return data.users.stream().filter(u -> u.id().equals(p.userId()) && live(u)).toList();
        }
        throw new AssertionError(row);
    }

    private static @Nullable Object value(Object row, String property) {
        if (row instanceof FUser u) {
            return switch (property) {
                case "id" -> u.id();
                case "name" -> u.name();
                case "age" -> u.age();
                case "secret" -> u.secret();
                default -> throw new AssertionError(property);
            };
        }
        if (row instanceof FPost p) {
            return switch (property) {
                case "id" -> p.id();
                case "title" -> p.title();
                case "rank" -> p.rank();
                case "published" -> p.published();
                default -> throw new AssertionError(property);
            };
        }
        if (row instanceof FComment c) {
            return switch (property) {
                case "id" -> c.id();
                case "body" -> c.body();
                case "score" -> c.score();
                default -> throw new AssertionError(property);
            };
        }
        if (row instanceof FTag t) {
            return switch (property) {
                case "id" -> t.id();
                case "name" -> t.name();
                default -> throw new AssertionError(property);
            };
        }
        FProfile p = (FProfile) row;
        return switch (property) {
            case "id" -> p.id();
            case "bio" -> p.bio();
            default -> throw new AssertionError(property);
        };
    }

    private static boolean live(Object row) {
        return row instanceof FUser u ? u.deletedAt() == null : !(row instanceof FPost p) || p.deletedAt() == null;
    }

    /** The id of any of the forum's rows. */
    static Long id(Object row) {
        return row instanceof FUser u ? u.id() : row instanceof FPost p ? p.id() : row instanceof FTag t ? t.id()
                : row instanceof FComment c ? c.id() : ((FProfile) row).id();
    }
}
