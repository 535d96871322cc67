package io.streamcast.eval.forecast;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.DefaultXYDataset;

/** Draws the actual values of the scored rows against the model's and persistence's k-step forecasts. */
public final class ForecastPlot {

    private ForecastPlot() {
    }

    public static void write(Path file, String title, WalkForwardEvaluation.Result result) throws IOException {
        System.setProperty("java.awt.headless", "true");
        DefaultXYDataset data = new DefaultXYDataset();
        data.addSeries("actual", series(result.times(), result.actual()));
        data.addSeries("streamcast, " + result.horizon() + " steps ahead", series(result.times(), result.model()));
        data.addSeries("persistence, " + result.horizon() + " steps ahead",
                series(result.times(), result.persistence()));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, Color.BLACK);
        renderer.setSeriesPaint(1, new Color(0, 114, 178));
        renderer.setSeriesPaint(2, new Color(230, 159, 0, 140));
        for (int s = 0; s < 3; s++) {
            renderer.setSeriesStroke(s, new BasicStroke(s == 0 ? 1.2f : 1.0f));
        }
        NumberAxis values = new NumberAxis("value");
        values.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, new DateAxis("time (UTC)"), values, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1600, 600);
    }

    private static double[][] series(long[] times, double[] values) {
        double[][] xy = new double[2][times.length];
        for (int i = 0; i < times.length; i++) {
            xy[0][i] = times[i];
            xy[1][i] = values[i];
        }
        return xy;
    }
}
