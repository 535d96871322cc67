package io.streamcast.training;

import io.streamcast.predict.InputSpec;
import io.streamcast.schema.CalendarFeature;
import io.streamcast.schema.ValueTransform;
import java.util.ArrayList;
import java.util.List;

/**
 * What the trainer may vary between candidate models: which calendar inputs they read and which transform their
 * values go through. An empty list of options keeps the configured spec's own choice.
 *
 * @param calendarOptions the sets of calendar features to try
 * @param transforms      the value transforms to try
 */
public record ModelChoices(List<List<CalendarFeature>> calendarOptions, List<ValueTransform> transforms) {

    /** Candidates read the data as the configured spec says. */
    public static final ModelChoices AS_CONFIGURED = new ModelChoices(List.of(), List.of());

    /** No calendar input, the time of day, or the time of day and the day of the week. */
    public static final List<List<CalendarFeature>> CALENDAR_RHYTHMS = List.of(List.of(),
            List.of(CalendarFeature.TIME_OF_DAY), List.of(CalendarFeature.TIME_OF_DAY, CalendarFeature.DAY_OF_WEEK));

    /** Values as they are, or their signed logs. */
    public static final List<ValueTransform> TRANSFORMS = List.of(ValueTransform.NONE, ValueTransform.SIGNED_LOG);

    public ModelChoices {
        calendarOptions = calendarOptions.stream().map(List::copyOf).toList();
        transforms = List.copyOf(transforms);
    }

    /** Every candidate spec: each calendar option with each transform, all with a spread head. */
    public List<InputSpec> specs(InputSpec configured) {
        List<List<CalendarFeature>> calendars = calendarOptions.isEmpty()
                ? List.of(configured.calendarFeatures()) : calendarOptions;
        List<ValueTransform> valueTransforms = transforms.isEmpty() ? List.of(configured.transform()) : transforms;
        List<InputSpec> specs = new ArrayList<>();
        for (List<CalendarFeature> calendar : calendars) {
            for (ValueTransform transform : valueTransforms) {
                specs.add(configured.with(calendar, transform, true));
            }
        }
        return specs;
    }
}
