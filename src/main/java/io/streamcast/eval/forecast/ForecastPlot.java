package io.streamcast.eval.forecast;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.DefaultXYDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Draws the actual values of the last scored rows (at most {@link #ROWS}, so that a long series stays legible)
 * against the model's k-step forecasts and, where they have one, the prediction interval issued with them as a
 * band.
 */
public final class ForecastPlot {

    static final int ROWS = 1000;
    private static final Color FORECAST = new Color(0, 114, 178);

    private ForecastPlot() {
    }

    public static void write(Path file, String title, WalkForwardEvaluation.Result result) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int from = Math.max(0, result.actual().length - ROWS);
        long[] times = result.times();
        WalkForwardEvaluation.Scores model = result.model();

        DefaultXYDataset lines = new DefaultXYDataset();
        lines.addSeries("actual", series(times, result.actual(), from));
        XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer(true, false);
        lineRenderer.setSeriesPaint(0, Color.BLACK);
        lineRenderer.setSeriesStroke(0, new BasicStroke(1.0f));

        String forecastName = "streamcast, " + result.horizon() + (result.horizon() == 1 ? " step" : " steps")
                + " ahead";
        YIntervalSeries band = new YIntervalSeries(forecastName + String.format(Locale.ROOT,
                ", with its %.0f%% interval", 100 * result.nominalCoverage()));
        for (int i = from; i < times.length; i++) {
            double lower = model.lower()[i];
            double upper = model.upper()[i];
            boolean interval = !Double.isNaN(lower) && !Double.isNaN(upper);
            band.add(times[i], model.forecast()[i], interval ? lower : model.forecast()[i],
                    interval ? upper : model.forecast()[i]);
        }
        YIntervalSeriesCollection bands = new YIntervalSeriesCollection();
        bands.addSeries(band);
        DeviationRenderer bandRenderer = new DeviationRenderer(true, false);
        bandRenderer.setSeriesPaint(0, FORECAST);
        bandRenderer.setSeriesFillPaint(0, new Color(86, 180, 233));
        bandRenderer.setAlpha(0.35f);
        bandRenderer.setSeriesStroke(0, new BasicStroke(1.4f));

        NumberAxis values = new NumberAxis("value");
        values.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(bands, new DateAxis("time (UTC)"), values, bandRenderer);
        plot.setDataset(1, lines);
        plot.setRenderer(1, lineRenderer);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        String shown = from == 0 ? "" : " (last " + ROWS + " scored rows)";
        JFreeChart chart = new JFreeChart(title + shown, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        // through NIO, whose exceptions name the file and why (java.io's FileNotFoundException reached the user as a
        // stack trace, after an evaluation of minutes)
        try (OutputStream out = Files.newOutputStream(file)) {
            ChartUtils.writeChartAsPNG(out, chart, 1600, 600);
        }
    }

    private static double[][] series(long[] times, double[] values, int from) {
        double[][] xy = new double[2][times.length - from];
        for (int i = from; i < times.length; i++) {
            xy[0][i - from] = times[i];
            xy[1][i - from] = values[i];
        }
        return xy;
    }
}
