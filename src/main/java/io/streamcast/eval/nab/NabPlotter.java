package io.streamcast.eval.nab;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYDataset;

/**
 * Draws one PNG per corpus file to show why a detector fired: the series on top with the labelled windows
 * shaded and the probation period greyed, detections at the threshold marked (green inside a window, red
 * outside), and the anomaly score with the threshold line in a panel beneath. Renders off-screen, so it
 * needs no display.
 */
public final class NabPlotter {

    static final Color WINDOW_SHADE = new Color(255, 170, 0);
    static final float WINDOW_ALPHA = 0.25f;
    static final Color PROBATION_SHADE = new Color(128, 128, 128);
    static final float PROBATION_ALPHA = 0.15f;
    static final Color SERIES_COLOUR = new Color(31, 119, 180);
    static final Color SCORE_COLOUR = new Color(90, 90, 90);
    static final Color TRUE_DETECTION = new Color(0, 150, 60);
    static final Color FALSE_DETECTION = new Color(214, 39, 40);
    static final Color THRESHOLD_COLOUR = new Color(120, 40, 160);

    static {
        // Plots are written from servers and CI runners; never let AWT look for a display it does not need.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private final int width;
    private final int height;

    public NabPlotter(int width, int height) {
        if (width < 200 || height < 200) {
            throw new IllegalArgumentException("plot size " + width + "x" + height + " is too small");
        }
        this.width = width;
        this.height = height;
    }

    public NabPlotter() {
        this(1600, 800);
    }

    /**
     * Plots every corpus file into {@code <dir>/<category>/<detector>_<file>.png}.
     *
     * @param threshold the threshold whose detections are marked, e.g. the standard profile's
     */
    public List<Path> plotAll(Path dir, String detector, NabCorpus corpus, Map<String, double[]> anomalyScores,
                              double threshold) throws IOException {
        List<Path> written = new ArrayList<>();
        for (NabDataFile file : corpus.files()) {
            written.add(plot(dir, detector, file, NabScores.of(file, anomalyScores), threshold));
        }
        return written;
    }

    /** Plots one file into {@code <dir>/<category>/<detector>_<file>.png} and returns the path. */
    public Path plot(Path dir, String detector, NabDataFile file, double[] anomalyScores, double threshold)
            throws IOException {
        NabScores.check(file, anomalyScores);
        String name = file.name().endsWith(".csv") ? file.name().substring(0, file.name().length() - 4) : file.name();
        Path target = dir.resolve(file.category()).resolve(detector + "_" + name + ".png");
        Files.createDirectories(target.getParent());
        // through NIO, whose exceptions name the file and why, as the CLI reports them
        try (OutputStream out = Files.newOutputStream(target)) {
            ChartUtils.writeChartAsPNG(out, chart(detector, file, anomalyScores, threshold), width, height);
        }
        return target;
    }

    JFreeChart chart(String detector, NabDataFile file, double[] anomalyScores, double threshold) {
        int n = file.length();
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = millis(file.timestamp(i));
        }
        List<double[]> truePositives = new ArrayList<>();
        List<double[]> falsePositives = new ArrayList<>();
        for (int i = file.probationLength(); i < n; i++) {
            if (anomalyScores[i] >= threshold) {
                (file.label(i) == 1 ? truePositives : falsePositives).add(new double[] {x[i], file.value(i)});
            }
        }

        DateAxis time = new DateAxis("time (as recorded)");
        time.setTimeZone(TimeZone.getTimeZone(ZoneOffset.UTC));
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(time);
        combined.setGap(8);
        combined.add(seriesPlot(file, x, truePositives, falsePositives), 3);
        combined.add(scorePlot(file, x, anomalyScores, threshold), 1);

        String title = String.format(Locale.ROOT, "%s on %s — %d detections at threshold %.6f (%d in windows)",
                detector, file.relativePath(), truePositives.size() + falsePositives.size(), threshold,
                truePositives.size());
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 14), combined, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private XYPlot seriesPlot(NabDataFile file, double[] x, List<double[]> truePositives,
                              List<double[]> falsePositives) {
        DefaultXYDataset data = new DefaultXYDataset();
        data.addSeries("value", new double[][] {x, file.values()});
        DefaultXYDataset detections = new DefaultXYDataset();
        detections.addSeries("detection in a window", columns(truePositives));
        detections.addSeries("detection outside windows", columns(falsePositives));

        NumberAxis valueAxis = new NumberAxis("value");
        valueAxis.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
        line.setSeriesPaint(0, SERIES_COLOUR);
        line.setSeriesStroke(0, new BasicStroke(1.0f));
        XYPlot plot = new XYPlot(data, null, valueAxis, line);

        XYLineAndShapeRenderer marks = new XYLineAndShapeRenderer(false, true);
        Ellipse2D.Double dot = new Ellipse2D.Double(-5, -5, 10, 10);
        marks.setSeriesShape(0, dot);
        marks.setSeriesShape(1, dot);
        marks.setSeriesPaint(0, TRUE_DETECTION);
        marks.setSeriesPaint(1, FALSE_DETECTION);
        plot.setDataset(1, detections);
        plot.setRenderer(1, marks);
        shade(plot, file, x, true);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }

    private XYPlot scorePlot(NabDataFile file, double[] x, double[] anomalyScores, double threshold) {
        DefaultXYDataset data = new DefaultXYDataset();
        data.addSeries("anomaly score", new double[][] {x, anomalyScores.clone()});
        NumberAxis scoreAxis = new NumberAxis("anomaly score");
        scoreAxis.setAutoRangeIncludesZero(true);
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
        line.setSeriesPaint(0, SCORE_COLOUR);
        XYPlot plot = new XYPlot(data, null, scoreAxis, line);
        ValueMarker thresholdLine = new ValueMarker(threshold, THRESHOLD_COLOUR, new BasicStroke(1.2f,
                BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        thresholdLine.setLabel(String.format(Locale.ROOT, "threshold %.4f", threshold));
        thresholdLine.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        thresholdLine.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        plot.addRangeMarker(thresholdLine, Layer.FOREGROUND);
        shade(plot, file, x, false);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }

    private static void shade(XYPlot plot, NabDataFile file, double[] x, boolean labelled) {
        if (file.probationLength() > 0 && file.length() > 0) {
            IntervalMarker probation = new IntervalMarker(x[0], x[Math.min(file.probationLength(), x.length) - 1]);
            probation.setPaint(PROBATION_SHADE);
            probation.setAlpha(PROBATION_ALPHA);
            if (labelled) {
                probation.setLabel("probation");
                probation.setLabelAnchor(RectangleAnchor.TOP_LEFT);
                probation.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            }
            plot.addDomainMarker(probation, Layer.BACKGROUND);
        }
        for (int w = 0; w < file.windows().size(); w++) {
            IntervalMarker window = new IntervalMarker(x[file.windowStartRow(w)], x[file.windowEndRow(w)]);
            window.setPaint(WINDOW_SHADE);
            window.setAlpha(WINDOW_ALPHA);
            plot.addDomainMarker(window, Layer.BACKGROUND);
        }
    }

    private static double[][] columns(List<double[]> points) {
        double[][] columns = new double[2][points.size()];
        for (int i = 0; i < points.size(); i++) {
            columns[0][i] = points.get(i)[0];
            columns[1][i] = points.get(i)[1];
        }
        return columns;
    }

    private static double millis(LocalDateTime time) {
        return time.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
