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
 * driver counts for the driver; {@code java.time} keeps its own line). Also the hottest top frames,
 * and the allocation samples by layer and site ({@link #allocations}).
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
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        for (RecordedEvent e : events) {
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
        allocations(events, top);
    }

    /**
     * The allocation events, {@code jdk.ObjectAllocationInNewTLAB} weighted by the new TLAB's size and
     * {@code jdk.ObjectAllocationOutsideTLAB} by the object's (the usual estimate: a thread that
     * fills a TLAB there most likely allocated the TLAB's worth there; the throttled
     * {@code jdk.ObjectAllocationSample} weighs a sample by all the thread allocated since its last
     * one, warm-up included, and put a third of a run on one site), when the recording has them
     * (the {@code profile} mode of {@code run.sh} turns them on): the layer of the allocating
     * frame (self), the layer of the first frame that is neither JDK nor Reactor core (the code that
     * built or subscribed the operator), and the heaviest sites (frame and class allocated).
     */
    static void allocations(List<RecordedEvent> events, int top) {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> owner = new HashMap<>();
        Map<String, Long> sites = new HashMap<>();
        Map<String, Long> owners = new HashMap<>();
        long total = 0;
        for (RecordedEvent e : events) {
            String name = e.getEventType().getName();
            long weight;
            if (name.equals("jdk.ObjectAllocationInNewTLAB")) {
                weight = e.getLong("tlabSize");
            } else if (name.equals("jdk.ObjectAllocationOutsideTLAB")) {
                weight = e.getLong("allocationSize");
            } else {
                continue;
            }
            RecordedStackTrace stack = e.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            List<RecordedFrame> frames = stack.getFrames();
            total += weight;
            self.merge(callerLayer(frames), weight, Long::sum);
            owner.merge(ownerLayer(frames), weight, Long::sum);
            String type = e.getClass("objectClass") == null ? "?" : e.getClass("objectClass").getName();
            sites.merge(frameName(frames, false) + " -> " + type, weight, Long::sum);
            owners.merge(frameName(frames, true), weight, Long::sum);
        }
        if (total == 0) {
            return;
        }
        System.out.printf(Locale.ROOT, "%nAllocation samples: %.1f MB sampled%n%n", total / 1e6);
        System.out.println("| layer | allocating code % | owning code (first non-JDK, non-Reactor frame) % |");
        System.out.println("|---|---:|---:|");
        Map<String, Long> layers = new LinkedHashMap<>();
        owner.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(x -> layers.put(x.getKey(), 0L));
        self.keySet().forEach(k -> layers.putIfAbsent(k, 0L));
        for (String layer : layers.keySet()) {
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f |%n", layer,
                    100.0 * self.getOrDefault(layer, 0L) / total, 100.0 * owner.getOrDefault(layer, 0L) / total);
        }
        System.out.printf("%nTop %d allocation sites (first non-JDK frame -> class):%n%n| site | %% |%n|---|---:|%n", top);
        printTop(sites, total, top);
        System.out.printf("%nTop %d owning frames (first frame neither JDK nor Reactor core):%n%n| frame | %% |%n|---|---:|%n", top);
        printTop(owners, total, top);
    }

    private static void printTop(Map<String, Long> weights, long total, int top) {
        System.out.print(weights.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .map(x -> String.format(Locale.ROOT, "| %s | %.1f |", x.getKey(), 100.0 * x.getValue() / total))
                .collect(Collectors.joining("\n", "", "\n")));
    }

    /** The first frame that is not the JDK's (nor Reactor core's, when {@code owner}), as Class.method:line. */
    private static String frameName(List<RecordedFrame> frames, boolean owner) {
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            String layer = layer(type);
            if (!layer.equals("JDK (other)") && !(owner && layer.equals("Reactor core"))) {
                return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName() + ":" + f.getLineNumber();
            }
        }
        RecordedFrame f = frames.get(0);
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    /** The layer of the first frame that is neither the JDK's nor Reactor core's. */
    static String ownerLayer(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String layer = layer(f.getMethod().getType().getName());
            if (!layer.equals("JDK (other)") && !layer.equals("Reactor core")) {
                return layer;
            }
        }
        return "Reactor core / JDK only";
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
