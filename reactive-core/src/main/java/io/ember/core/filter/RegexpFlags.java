package io.ember.core.filter;

import io.ember.core.error.InvalidFilterException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the flags LoopBack accepts on a {@code regexp} operand: a trailing {@code /flags}
 * ({@code "^a/i"}), or a {@code /pattern/flags} literal ({@code "/^a/i"}). The flags are the letters
 * after the last {@code /} that no backslash escapes; a pattern without such a suffix (no slash, a
 * trailing slash, or anything but letters after it) is used as written.
 *
 * <ul>
 *   <li>{@code i}: case-insensitive, the operator becomes {@code iregexp} ({@code ~*});</li>
 *   <li>{@code m}: {@code ^} and {@code $} also match at line breaks (PostgreSQL's embedded option
 *       {@code (?w)}, put in front of the pattern);</li>
 *   <li>{@code g}: nothing (a match test finds any match already);</li>
 *   <li>{@code s}: nothing ({@code .} already matches a line break in PostgreSQL);</li>
 *   <li>anything else ({@code u}, {@code y}, {@code d}, {@code v}...): refused, naming the letters and
 *       saying how to write a literal slash ({@code \/}).</li>
 * </ul>
 *
 * When the pattern left after the flags itself ends in an unescaped {@code /letters}, that slash is
 * escaped, so reading the result again changes nothing (a validated filter validates to itself).
 */
final class RegexpFlags {

    private static final Set<Character> SUPPORTED = Set.of('i', 'g', 'm', 's');
    private static final Pattern OPTIONS = Pattern.compile("^\\(\\?([a-z]+)\\)");

    /** The operator and pattern a regexp operand stands for. */
    record Regexp(Operator operator, String pattern) {
    }

    private RegexpFlags() {
    }

    /**
     * @param op      {@link Operator#REGEXP} or {@link Operator#IREGEXP}
     * @param pattern the operand as written
     * @param at      the operand's path in the filter, for errors
     * @return the operator (iregexp when the flags say {@code i}) and the pattern PostgreSQL gets; the
     *         same pattern object when it has no flags
     * @throws InvalidFilterException for a flag PostgreSQL cannot apply
     */
    static Regexp read(Operator op, String pattern, String at) {
        int slash = flagSlash(pattern);
        if (slash < 0) {
            return new Regexp(op, pattern);
        }
        Set<Character> flags = new LinkedHashSet<>();
        for (char c : pattern.substring(slash + 1).toCharArray()) {
            flags.add(c);
        }
        Set<Character> unsupported = new LinkedHashSet<>(flags);
        unsupported.removeAll(SUPPORTED);
        if (!unsupported.isEmpty()) {
            throw new InvalidFilterException(at, "unsupported regexp flag(s) "
                    + unsupported.stream().map(c -> "'" + c + "'").collect(Collectors.joining(", "))
                    + " in '" + JsonValues.excerpt(pattern.substring(slash)) + "': the letters after the last '/'"
                    + " are read as flags, as LoopBack does (supported: i, g, m, s); write a slash in the pattern"
                    + " as '\\/'");
        }
        String body = pattern.startsWith("/") && slash > 0 ? pattern.substring(1, slash) : pattern.substring(0, slash);
        int again = flagSlash(body);
        if (again >= 0) {
            body = body.substring(0, again) + "\\" + body.substring(again);
        }
        if (flags.contains('m')) {
            body = multiline(body, at);
        }
        return new Regexp(flags.contains('i') ? Operator.IREGEXP : op, body);
    }

    /** The pattern with ^ and $ matching at line breaks too: PostgreSQL's embedded option w. */
    private static String multiline(String body, String at) {
        if (body.startsWith("***")) {
            throw new InvalidFilterException(at, "regexp flag 'm' cannot be combined with a '***' director;"
                    + " write the embedded option (?w) in the pattern instead");
        }
        Matcher options = OPTIONS.matcher(body);
        if (options.find()) {
            return options.group(1).indexOf('w') >= 0 ? body : "(?w" + body.substring(2);
        }
        return "(?w)" + body;
    }

    /** The index of the slash that starts a flags suffix ({@code /letters} at the end, unescaped), or -1. */
    private static int flagSlash(String pattern) {
        int end = pattern.length();
        int i = end - 1;
        while (i >= 0 && isLetter(pattern.charAt(i))) {
            i--;
        }
        if (i < 0 || i == end - 1 || pattern.charAt(i) != '/') {
            return -1;
        }
        int backslashes = 0;
        for (int j = i - 1; j >= 0 && pattern.charAt(j) == '\\'; j--) {
            backslashes++;
        }
        return backslashes % 2 == 0 ? i : -1;
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
