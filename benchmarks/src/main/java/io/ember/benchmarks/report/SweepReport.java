package io.ember.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The concurrency sweep and other multi-fork results as a Markdown table (per scenario, in-flight
 * count and library: the median over forks of throughput with its spread, the ratio to JDBC's
 * median, client CPU µs/op and allocation B/op, the number of forks) and the sweep as a chart: a PNG
 * with throughput and client CPU per operation against lookups in flight, a line per library.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.ember.benchmarks.report.SweepReport chart.png results.json...}
 * (the chart is drawn from the {@code findById} scenario of the sweep; other scenarios are only tabled).
 */
public final class SweepReport {

    private static final String SWEEP = "findById";
    /** Each library keeps its colour whichever libraries a run has. */
    private static final List<String> LIBRARIES = List.of("ember", "ember-coalesce", "raw", "spring", "jdbc", "vertx");
    private static final Color[] COLORS = {new Color(0xF59F00), new Color(0xD9480F), new Color(0x1C7ED6),
            new Color(0x2F9E44), new Color(0x495057), new Color(0xAE3EC9), new Color(0x0CA678)};

    private SweepReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: SweepReport chart.png results.json...");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        List<Path> files = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            files.add(Path.of(args[i]));
        }
        ForkResults results = ForkResults.read(files);
        System.out.print(table(results));
        Map<String, ForkResults.Series> sweep = results.scenarios.get(SWEEP);
        if (sweep != null) {
            ChartUtils.saveChartAsPNG(Path.of(args[0]).toFile(), chart(sweep), 1000, 1000);
            System.out.println("\nChart: " + args[0]);
        }
    }

    static String table(ForkResults results) {
        StringBuilder out = new StringBuilder();
        out.append("| scenario | in flight | library | ops/s (median of forks) | spread (min-max) | vs jdbc | client CPU µs/op |"
                + " alloc B/op | forks |\n");
        out.append("|---|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, Map<String, ForkResults.Series>> scenario : results.scenarios.entrySet()) {
            List<ForkResults.Series> rows = new ArrayList<>(scenario.getValue().values());
            rows.sort((a, b) -> a.inFlight() != b.inFlight() ? Integer.compare(a.inFlight(), b.inFlight())
                    : a.library().compareTo(b.library()));
            for (ForkResults.Series s : rows) {
                ForkResults.Series jdbc = scenario.getValue().get("jdbc@" + s.inFlight());
                double score = s.median(s.score());
                out.append(String.format(Locale.ROOT, "| %s | %d | %s | %,.0f | %,.0f-%,.0f | %s | %.1f | %,.0f | %d |%n",
                        scenario.getKey(), s.inFlight(), s.library(), score, s.min(s.score()), s.max(s.score()),
                        jdbc == null ? "" : String.format(Locale.ROOT, "%.2fx", score / jdbc.median(jdbc.score())),
                        s.median(s.cpuUs()), s.median(s.bytes()), s.score().size()));
            }
        }
        return out.toString();
    }

    private static JFreeChart chart(Map<String, ForkResults.Series> sweep) {
        XYSeriesCollection throughput = new XYSeriesCollection();
        XYSeriesCollection cpu = new XYSeriesCollection();
        for (ForkResults.Series s : sweep.values()) {
            series(throughput, s.library()).add(s.inFlight(), s.median(s.score()));
            series(cpu, s.library()).add(s.inFlight(), s.median(s.cpuUs()));
        }
        LogAxis inFlight = new LogAxis("lookups in flight (pool of 8 connections)");
        inFlight.setBase(2);
        inFlight.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        inFlight.setNumberFormatOverride(new java.text.DecimalFormat("0"));
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(inFlight);
        plot.add(plot(throughput, "lookups/s (median of forks)", true), 3);
        plot.add(plot(cpu, "client CPU µs per lookup (median of forks)", false), 2);
        return new JFreeChart("findById: throughput and client CPU against concurrency", JFreeChart.DEFAULT_TITLE_FONT,
                plot, true);
    }

    private static XYPlot plot(XYSeriesCollection data, String label, boolean legend) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesVisibleInLegend(i, legend);
            int color = LIBRARIES.indexOf(data.getSeriesKey(i).toString());
            renderer.setSeriesPaint(i, COLORS[color < 0 ? COLORS.length - 1 : color]);
            renderer.setSeriesStroke(i, new BasicStroke(data.getSeriesKey(i).toString().startsWith("ember") ? 3f : 1.5f));
        }
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(data, null, axis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }

    private static XYSeries series(XYSeriesCollection data, String library) {
        for (int i = 0; i < data.getSeriesCount(); i++) {
            if (data.getSeriesKey(i).equals(library)) {
                return data.getSeries(i);
            }
        }
        XYSeries s = new XYSeries(library);
        data.addSeries(s);
        return s;
    }
}
