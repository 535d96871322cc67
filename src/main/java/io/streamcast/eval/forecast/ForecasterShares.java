package io.streamcast.eval.forecast;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a key's scored forecasts came from, and how its model's own forecasts did: the share of the scored rows whose
 * issued forecast each forecaster made (the key's forecaster choice picks one per forecast), and, on the rows that had
 * a forecast of the model's, the model's accuracy beside the issued forecasts' and persistence's on the same rows.
 *
 * <p>Why: a key's forecasts can come from its daily or weekly rhythm, yesterday's values or persistence as well as
 * from its model, whichever has lately been clearly more accurate. The issued figures say how good the forecasts are;
 * these say how much of that the model carries.
 *
 * @param issuedBy    per forecaster name, the share of the scored rows it issued, largest first
 * @param modelRows   scored rows that had a forecast of the model's (none before the key's first model)
 * @param model       the model's own forecasts on those rows; null without any
 * @param issued      the issued forecasts on the same rows; null without any
 * @param persistence persistence on the same rows; null without any
 */
public record ForecasterShares(Map<String, Double> issuedBy, int modelRows, ForecastMetrics model,
                               ForecastMetrics issued, ForecastMetrics persistence) {

    /**
     * @param by          per scored row, the forecaster its issued forecast came from
     * @param actual      per scored row, the value
     * @param issued      per scored row, the issued forecast
     * @param model       per scored row, the model's own forecast; NaN where it had none
     * @param persistence per scored row, persistence's forecast
     */
    static ForecasterShares of(String[] by, double[] actual, double[] issued, double[] model, double[] persistence) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String name : by) {
            counts.merge(name, 1, Integer::sum);
        }
        Map<String, Double> shares = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> shares.put(e.getKey(), e.getValue() / (double) by.length));
        int n = 0;
        for (double forecast : model) {
            n += Double.isFinite(forecast) ? 1 : 0;
        }
        if (n == 0) {
            return new ForecasterShares(Collections.unmodifiableMap(shares), 0, null, null, null);
        }
        double[][] rows = new double[4][n];
        int r = 0;
        for (int i = 0; i < model.length; i++) {
            if (Double.isFinite(model[i])) {
                rows[0][r] = actual[i];
                rows[1][r] = model[i];
                rows[2][r] = issued[i];
                rows[3][r] = persistence[i];
                r++;
            }
        }
        return new ForecasterShares(Collections.unmodifiableMap(shares), n,
                ForecastMetrics.of(rows[0], rows[1]), ForecastMetrics.of(rows[0], rows[2]),
                ForecastMetrics.of(rows[0], rows[3]));
    }

    /** The model's MASE against persistence on its rows; NaN without any. */
    public double modelMase() {
        return model == null ? Double.NaN : model.maseAgainst(persistence);
    }

    /** The issued forecasts' MASE against persistence on the model's rows; NaN without any. */
    public double issuedMase() {
        return issued == null ? Double.NaN : issued.maseAgainst(persistence);
    }

    /** The share of the scored rows {@code forecaster} issued; 0 for one that issued none. */
    public double share(String forecaster) {
        return issuedBy.getOrDefault(forecaster, 0.0);
    }
}
