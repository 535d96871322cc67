package io.streamcast.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.schema.Event;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Which unit a writer union's records count event time in, where none of them is named as the reader's record. */
class WriterEpochUnitsTest {

    private static String record(String name, String time) {
        return "{\"type\":\"record\",\"name\":\"" + name + "\",\"namespace\":\"com.acme\",\"fields\":["
                + "{\"name\":\"event_time\",\"type\":" + time + "},"
                + "{\"name\":\"values\",\"type\":{\"type\":\"array\",\"items\":\"double\"}}]}";
    }

    private static final String MICROS = "{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}";

    @Test
    void shouldTakeTheOnlyRecordOfAUnionByItsUnit() {
        Schema writer = new Schema.Parser().parse("[\"null\"," + record("Reading", MICROS) + "]");

        assertThat(WriterEpochUnits.perMilli(writer, Event.getClassSchema(), "event_time")).isEqualTo(1_000L);
    }

    /**
     * Three records, none named as ours: no one of them is the record read, so none's unit is taken. The third
     * was taken as the only one, its microseconds applied to the first's milliseconds.
     */
    @Test
    void shouldTakeNoUnitFromAUnionOfSeveralRecordsNoneNamedAsOurs() {
        Schema writer = new Schema.Parser().parse("[" + record("A", "\"long\"") + "," + record("B", "\"long\"")
                + "," + record("C", MICROS) + "]");

        assertThat(WriterEpochUnits.perMilli(writer, Event.getClassSchema(), "event_time")).isEqualTo(1L);
    }
}
