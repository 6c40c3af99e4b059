package io.ember.benchmarks.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the {@code jdk.ExecutionSample} events of a JFR recording by layer: Ember's code,
 * Reactor, r2dbc-pool / reactor-pool, r2dbc-postgresql, Netty, {@code java.time}, other JDK, the
 * benchmark harness. Two views: <em>self</em> (the layer of the sampled top frame) and
 * <em>by caller</em> (the first non-JDK frame from the top, so a {@code HashMap} call made by the
 * driver counts for the driver; {@code java.time} keeps its own line). Also the hottest top frames.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.ember.benchmarks.report.JfrSummary profile.jfr [topN]}
 */
public final class JfrSummary {

    private JfrSummary() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> byCaller = new HashMap<>();
        Map<String, Integer> methods = new HashMap<>();
        int total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = e.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            List<RecordedFrame> frames = stack.getFrames();
            total++;
            String topClass = frames.get(0).getMethod().getType().getName();
            self.merge(layer(topClass), 1, Integer::sum);
            byCaller.merge(callerLayer(frames), 1, Integer::sum);
            methods.merge(topClass + "." + frames.get(0).getMethod().getName(), 1, Integer::sum);
        }
        System.out.printf(Locale.ROOT, "%d execution samples in %s%n%n", total, file.getFileName());
        System.out.println("| layer | self % | by caller % |");
        System.out.println("|---|---:|---:|");
        Map<String, Integer> layers = new LinkedHashMap<>();
        byCaller.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(x -> layers.put(x.getKey(), 0));
        self.keySet().forEach(k -> layers.putIfAbsent(k, 0));
        for (String layer : layers.keySet()) {
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f |%n", layer,
                    100.0 * self.getOrDefault(layer, 0) / total, 100.0 * byCaller.getOrDefault(layer, 0) / total);
        }
        System.out.printf("%nTop %d frames (self):%n%n| frame | %% |%n|---|---:|%n", top);
        int t = total;
        System.out.print(methods.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .map(x -> String.format(Locale.ROOT, "| %s | %.1f |", x.getKey(), 100.0 * x.getValue() / t))
                .collect(Collectors.joining("\n", "", "\n")));
    }

    static String callerLayer(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            String layer = layer(type);
            if (layer.equals("java.time")) {
                return layer;
            }
            if (!layer.equals("JDK (other)")) {
                return layer;
            }
        }
        return "JDK (other)";
    }

    static String layer(String type) {
        if (type.startsWith("io.ember.benchmarks")) {
            return "benchmark harness";
        }
        if (type.startsWith("io.ember.")) {
            return "Ember";
        }
        if (type.startsWith("io.r2dbc.pool") || type.startsWith("reactor.pool")) {
            return "r2dbc-pool / reactor-pool";
        }
        if (type.startsWith("io.r2dbc.postgresql")) {
            return "r2dbc-postgresql";
        }
        if (type.startsWith("reactor.netty") || type.startsWith("io.netty")) {
            return "Netty / Reactor Netty";
        }
        if (type.startsWith("reactor.")) {
            return "Reactor core";
        }
        if (type.startsWith("java.time")) {
            return "java.time";
        }
        if (type.startsWith("org.springframework")) {
            return "Spring";
        }
        if (type.startsWith("org.openjdk.jmh")) {
            return "JMH";
        }
        if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")
                || type.startsWith("com.sun.")) {
            return "JDK (other)";
        }
        if (type.startsWith("io.r2dbc")) {
            return "r2dbc-spi";
        }
        if (type.startsWith("ch.qos") || type.startsWith("org.slf4j")) {
            return "logging";
        }
        return "other (" + type.substring(0, Math.max(0, type.lastIndexOf('.'))) + ")";
    }
}
