package io.streamcast.eval.forecast;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.DefaultXYDataset;

/**
 * Draws the actual values of the last scored rows (at most {@link #ROWS}, so that a long series stays legible)
 * against the model's k-step forecasts.
 */
public final class ForecastPlot {

    static final int ROWS = 1000;

    private ForecastPlot() {
    }

    public static void write(Path file, String title, WalkForwardEvaluation.Result result) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int from = Math.max(0, result.actual().length - ROWS);
        DefaultXYDataset data = new DefaultXYDataset();
        data.addSeries("actual", series(result.times(), result.actual(), from));
        data.addSeries("streamcast, " + result.horizon() + " steps ahead", series(result.times(), result.model(), from));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, Color.BLACK);
        renderer.setSeriesPaint(1, new Color(0, 114, 178));
        renderer.setSeriesStroke(0, new BasicStroke(1.0f));
        renderer.setSeriesStroke(1, new BasicStroke(1.4f));
        NumberAxis values = new NumberAxis("value");
        values.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, new DateAxis("time (UTC)"), values, renderer);
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        String shown = from == 0 ? "" : " (last " + ROWS + " scored rows)";
        JFreeChart chart = new JFreeChart(title + shown, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1600, 600);
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
