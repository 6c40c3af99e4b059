package io.ember.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints JMH JSON results ({@code -rf json}) as a Markdown table: per scenario and library, the
 * median over measurement iterations of throughput, of the client JVM's CPU time per operation
 * ({@code CpuProfiler}) and of allocation per operation ({@code -prof gc}), with the ratio of each
 * library's throughput to the raw driver's in the same scenario; then the targets.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.ember.benchmarks.report.ResultsTable results.json...}
 */
public final class ResultsTable {

    private static final List<String> LIBRARY_ORDER = List.of("ember", "raw", "spring", "spring-tx", "jdbc", "vertx");

    record Row(String scenario, String library, double score, String unit, double cpuUs, double bytes, double cores,
               double serverUs) {
    }

    private ResultsTable() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: ResultsTable results.json...");
            System.exit(2);
        }
        Map<String, Map<String, Row>> scenarios = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String file : args) {
            for (JsonNode run : json.readTree(Path.of(file).toFile())) {
                Row row = row(run);
                scenarios.computeIfAbsent(row.scenario(), k -> new LinkedHashMap<>()).put(row.library(), row);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("| scenario | library | ops/s (median) | vs raw | client CPU µs/op | server CPU µs/op | alloc B/op | client cores |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, Map<String, Row>> e : scenarios.entrySet()) {
            Row raw = e.getValue().get("raw");
            List<Row> rows = new ArrayList<>(e.getValue().values());
            rows.sort((a, b) -> Integer.compare(order(a.library()), order(b.library())));
            for (Row r : rows) {
                out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n",
                        e.getKey(), r.library(), number(r.score()),
                        raw == null ? "" : String.format(Locale.ROOT, "%.2fx", r.score() / raw.score()),
                        fixed(r.cpuUs(), 1), fixed(r.serverUs(), 1), number(r.bytes()), fixed(r.cores(), 2)));
            }
        }
        out.append('\n').append(targets(scenarios));
        System.out.print(out);
    }

    private static int order(String library) {
        int i = LIBRARY_ORDER.indexOf(library);
        return i < 0 ? LIBRARY_ORDER.size() : i;
    }

    private static Row row(JsonNode run) {
        String benchmark = run.get("benchmark").asText();
        String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        JsonNode params = run.path("params");
        String library = params.path("library").asText("?");
        StringBuilder scenario = new StringBuilder(method);
        if (method.equals("createAll")) {
            scenario.append(" 10k (rows/s)");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (!p.getKey().equals("library")) {
                scenario.append(' ').append(p.getKey()).append('=').append(p.getValue().asText());
            }
        }
        JsonNode secondary = run.path("secondaryMetrics");
        return new Row(scenario.toString(), library, median(run.get("primaryMetric")),
                run.get("primaryMetric").path("scoreUnit").asText(),
                median(secondary.get("cpu.time.norm")), median(secondary.get("gc.alloc.rate.norm")),
                median(secondary.get("cpu.cores")), median(secondary.get("server.cpu.norm")));
    }

    /** The median of every measurement iteration of every fork. */
    static double median(JsonNode metric) {
        if (metric == null || metric.isMissingNode()) {
            return Double.NaN;
        }
        List<Double> values = new ArrayList<>();
        for (JsonNode fork : metric.path("rawData")) {
            for (JsonNode v : fork) {
                values.add(v.asDouble());
            }
        }
        if (values.isEmpty()) {
            return metric.path("score").asDouble(Double.NaN);
        }
        double[] a = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static String targets(Map<String, Map<String, Row>> scenarios) {
        StringBuilder t = new StringBuilder("| target | measured | met |\n|---|---:|---|\n");
        for (Map.Entry<String, Map<String, Row>> e : scenarios.entrySet()) {
            String s = e.getKey();
            Map<String, Row> libs = e.getValue();
            Row ember = libs.get("ember");
            if (ember == null) {
                continue;
            }
            if (s.startsWith("findById") || s.startsWith("find ")) {
                ratio(t, s + ": Ember / raw >= 0.95", ember.score(), libs.get("raw"), 0.95, true);
                ratio(t, s + ": Ember / Spring Data >= 1.3", ember.score(), libs.get("spring"), 1.3, true);
                Row jdbc = libs.get("jdbc");
                if (jdbc != null && !Double.isNaN(ember.cpuUs())) {
                    double r = ember.cpuUs() / jdbc.cpuUs();
                    line(t, s + ": Ember CPU/op / JDBC CPU/op <= 1.5 (stretch)", r, r <= 1.5);
                }
            }
            if (s.startsWith("findById")) {
                Row raw = libs.get("raw");
                if (raw != null) {
                    double r = ember.bytes() / raw.bytes();
                    line(t, s + ": Ember B/op / raw B/op <= 1.5", r, r <= 1.5);
                }
            }
            if (s.startsWith("createAll")) {
                ratio(t, s + ": Ember / Spring Data saveAll >= 50", ember.score(), libs.get("spring"), 50, true);
                ratio(t, s + ": Ember / JDBC batch rewrite > 1", ember.score(), libs.get("jdbc"), 1.0, false);
                ratio(t, s + ": Ember / raw unnest >= 0.9", ember.score(), libs.get("raw"), 0.9, true);
            }
        }
        return t.toString();
    }

    private static void ratio(StringBuilder t, String name, double ember, Row peer, double target, boolean inclusive) {
        if (peer == null) {
            return;
        }
        double r = ember / peer.score();
        line(t, name, r, inclusive ? r >= target : r > target);
    }

    private static void line(StringBuilder t, String name, double value, boolean met) {
        t.append(String.format(Locale.ROOT, "| %s | %.2fx | %s |%n", name, value, met ? "yes" : "**no**"));
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String fixed(double v, int digits) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    static String describe(double[] values) {
        return Arrays.toString(values);
    }
}
