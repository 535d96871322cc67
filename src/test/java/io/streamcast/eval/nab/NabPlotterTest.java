package io.streamcast.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartRenderingInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NabPlotterTest {

    private static final double OFFICIAL_THRESHOLD = 0.543099145074;
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 500;

    @TempDir
    Path dir;

    @Test
    void shouldWriteOnePngPerFileInTheResultsLayout() throws IOException {
        NabCorpus corpus = NabCorpus.load(NabTestCorpora.bundled());

        List<Path> pngs = new NabPlotter(WIDTH, HEIGHT).plotAll(dir, "numenta", corpus, reference(corpus),
                OFFICIAL_THRESHOLD);

        assertThat(pngs).hasSize(corpus.files().size()).contains(
                dir.resolve("realAWSCloudwatch/numenta_grok_asg_anomaly.png"),
                dir.resolve("artificialNoAnomaly/numenta_art_daily_no_noise.png"));
        for (Path png : pngs) {
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image.getWidth()).isEqualTo(WIDTH);
            assertThat(image.getHeight()).isEqualTo(HEIGHT);
        }
    }

    @Test
    void shouldShadeTheWindowsAndMarkDetectionsInsideAndOutsideThem() throws IOException {
        NabCorpus corpus = NabCorpus.load(NabTestCorpora.bundled());
        Map<String, double[]> detections = reference(corpus);

        // grok_asg_anomaly: three windows, 8 detections inside and 6 outside them at this threshold.
        Plotted grok = render(corpus, detections, "realAWSCloudwatch/grok_asg_anomaly.csv");
        assertThat(grok.count(shadeOnWhite(NabPlotter.WINDOW_SHADE, NabPlotter.WINDOW_ALPHA))).isGreaterThan(1000);
        assertThat(grok.count(NabPlotter.TRUE_DETECTION)).isPositive();
        assertThat(grok.count(NabPlotter.FALSE_DETECTION)).isPositive();
        // art_daily_no_noise: no window, two false detections.
        Plotted quiet = render(corpus, detections, "artificialNoAnomaly/art_daily_no_noise.csv");
        assertThat(quiet.count(shadeOnWhite(NabPlotter.WINDOW_SHADE, NabPlotter.WINDOW_ALPHA))).isZero();
        assertThat(quiet.count(NabPlotter.TRUE_DETECTION)).isZero();
        assertThat(quiet.count(NabPlotter.FALSE_DETECTION)).isPositive();
        // iio NetworkIn: two windows, nothing detected.
        Plotted missed = render(corpus, detections, "realAWSCloudwatch/iio_us-east-1_i-a2eb1cd9_NetworkIn.csv");
        assertThat(missed.count(shadeOnWhite(NabPlotter.WINDOW_SHADE, NabPlotter.WINDOW_ALPHA))).isGreaterThan(1000);
        assertThat(missed.count(NabPlotter.TRUE_DETECTION) + missed.count(NabPlotter.FALSE_DETECTION)).isZero();
    }

    private static Map<String, double[]> reference(NabCorpus corpus) throws IOException {
        return NabResultsReader.readAll(NabTestCorpora.referenceResults(NabTestCorpora.bundled()),
                NabTestCorpora.REFERENCE_DETECTOR, corpus);
    }

    private static Plotted render(NabCorpus corpus, Map<String, double[]> detections, String file) {
        NabDataFile data = corpus.file(file).orElseThrow();
        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage image = new NabPlotter(WIDTH, HEIGHT)
                .chart("numenta", data, detections.get(file), OFFICIAL_THRESHOLD)
                .createBufferedImage(WIDTH, HEIGHT, info);
        return new Plotted(image, info.getPlotInfo().getDataArea().getBounds());
    }

    /** A rendered chart and its data area: the legend's sample shapes lie outside it and must not count. */
    private record Plotted(BufferedImage image, Rectangle dataArea) {

        /** Pixels of the data area within 2 of the colour in every channel. */
        int count(Color colour) {
            int count = 0;
            for (int y = dataArea.y; y < dataArea.y + dataArea.height; y++) {
                for (int x = dataArea.x; x < dataArea.x + dataArea.width; x++) {
                    Color c = new Color(image.getRGB(x, y));
                    if (Math.abs(c.getRed() - colour.getRed()) <= 2
                            && Math.abs(c.getGreen() - colour.getGreen()) <= 2
                            && Math.abs(c.getBlue() - colour.getBlue()) <= 2) {
                        count++;
                    }
                }
            }
            return count;
        }
    }

    /** The colour a translucent shade takes on the white plot background. */
    private static Color shadeOnWhite(Color shade, float alpha) {
        return new Color((int) Math.round(shade.getRed() * alpha + 255 * (1 - alpha)),
                (int) Math.round(shade.getGreen() * alpha + 255 * (1 - alpha)),
                (int) Math.round(shade.getBlue() * alpha + 255 * (1 - alpha)));
    }

    @Test
    void shouldRefuseAPlotSmallerThanTwoHundredPixelsEitherWay() throws IOException {
        NabDataFile file = SyntheticFiles.file("small.csv", 30, new int[] {10, 14});

        Path png = new NabPlotter(200, 200).plot(dir, "x", file, new double[30], 0.5);

        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(200);
        assertThatThrownBy(() -> new NabPlotter(199, 200)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NabPlotter(200, 199)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseToPlotScoresThatDoNotMatchTheFile() {
        NabDataFile file = SyntheticFiles.file("short.csv", 30);

        assertThatThrownBy(() -> new NabPlotter(WIDTH, HEIGHT).plot(dir, "x", file, new double[29], 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("30 rows but 29");
    }
}
