package io.streamcast.app.demo;

import java.util.Locale;

/** A MASE as the demo prints it: "-" until forecasts have errors to score, since NaN reads like a fault. */
final class MaseText {

    private MaseText() {
    }

    static String of(double mase, int decimals) {
        return Double.isNaN(mase) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", mase);
    }
}
