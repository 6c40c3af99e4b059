package io.ember.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JMH JSON results ({@code -rf json}) of several runs gathered per fork: for each scenario (the
 * benchmark method and its parameters other than {@code library}) and library, one value per fork
 * (the mean of its measurement iterations) of throughput, client CPU per operation
 * ({@code CpuProfiler}) and allocation per operation ({@code -prof gc}). Runs of one fork each,
 * interleaved, and one run of several forks read alike.
 */
final class ForkResults {

    /** One scenario and library: a value per fork of each metric. */
    record Series(String scenario, String library, int inFlight, List<Double> score, List<Double> cpuUs,
                  List<Double> bytes) {

        double median(List<Double> values) {
            if (values.isEmpty()) {
                return Double.NaN;
            }
            double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }

        double min(List<Double> values) {
            return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        double max(List<Double> values) {
            return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }

    /** scenario -> library -> series, scenarios and libraries in name order. */
    final Map<String, Map<String, Series>> scenarios = new TreeMap<>();

    static ForkResults read(List<Path> files) throws IOException {
        ForkResults results = new ForkResults();
        ObjectMapper json = new ObjectMapper();
        for (Path file : files) {
            for (JsonNode run : json.readTree(file.toFile())) {
                results.add(run);
            }
        }
        return results;
    }

    private void add(JsonNode run) {
        String benchmark = run.get("benchmark").asText();
        String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        JsonNode params = run.path("params");
        String library = params.path("library").asText("?");
        int inFlight = params.path("inFlight").asInt(0);
        StringBuilder scenario = new StringBuilder(method);
        for (Map.Entry<String, JsonNode> p : params.properties()) {
            if (!p.getKey().equals("library") && !p.getKey().equals("inFlight")) {
                scenario.append(' ').append(p.getKey()).append('=').append(p.getValue().asText());
            }
        }
        Series series = scenarios.computeIfAbsent(scenario.toString(), k -> new TreeMap<>())
                .computeIfAbsent(library + "@" + inFlight, k -> new Series(scenario.toString(), library, inFlight,
                        new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
        series.score().addAll(perFork(run.path("primaryMetric")));
        JsonNode secondary = run.path("secondaryMetrics");
        series.cpuUs().addAll(perFork(secondary.path("cpu.time.norm")));
        series.bytes().addAll(perFork(secondary.path("gc.alloc.rate.norm")));
    }

    /** The mean of each fork's measurement iterations. */
    private static List<Double> perFork(JsonNode metric) {
        List<Double> out = new ArrayList<>();
        for (JsonNode fork : metric.path("rawData")) {
            double[] iterations = new double[fork.size()];
            for (int i = 0; i < iterations.length; i++) {
                iterations[i] = fork.get(i).asDouble();
            }
            if (iterations.length > 0) {
                out.add(Arrays.stream(iterations).average().orElse(Double.NaN));
            }
        }
        return out;
    }
}
