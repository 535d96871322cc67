package io.streamcast.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.anomaly.Statistic;
import io.streamcast.recent.RecentAnomaly;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How answers name a key: a UTF-8 key by its text, as ever; a key of other bytes by those bytes written out, with
 * the percent-encoded form that addresses it beside. Expected forms are written out by hand.
 */
class KeyNameTest {

    @Test
    void shouldNameAUtf8KeyByItsTextAlone() {
        assertThat(KeyName.of(utf8("pump 7/ü"))).isEqualTo(new KeyName("pump 7/ü", null));
        assertThat(KeyName.of(utf8(""))).isEqualTo(new KeyName("", null));
        // a UTF-8 key is shown as it is, backslashes and all
        assertThat(KeyName.of(utf8("a\\xC8"))).isEqualTo(new KeyName("a\\xC8", null));
    }

    @Test
    void shouldWriteOutTheBytesOfAKeyThatIsNotUtf8() {
        // id 200 as Kafka's LongSerializer writes it: 0xC8 begins a two-byte character that never comes
        assertThat(KeyName.of(new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) 0xC8})).isEqualTo(new KeyName(
                "\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\xC8", "%00%00%00%00%00%00%00%C8"));
        // printable ASCII as it is, but a backslash doubled; a space, a plus and a slash encoded for a path and a query
        assertThat(KeyName.of(new byte[] {'p', ' ', '+', '/', '\\', '~', (byte) 0xFF, 0x7F})).isEqualTo(new KeyName(
                "p +/\\\\~\\xFF\\x7F", "p%20%2B%2F%5C~%FF%7F"));
        // UTF-8 cut short: the euro sign's first two bytes of three
        assertThat(KeyName.of(new byte[] {'a', (byte) 0xE2, (byte) 0x82})).isEqualTo(new KeyName(
                "a\\xE2\\x82", "a%E2%82"));
    }

    /** The search box's prefix, typed as the console writes such keys out, names their first bytes. */
    @Test
    void shouldReadTheBytesAWrittenOutPrefixNames() {
        assertThat(KeyName.bytesOfWrittenOutPrefix("\\x00\\x00")).containsExactly(0, 0);
        assertThat(KeyName.bytesOfWrittenOutPrefix("p +/\\\\~\\xff\\x7F")).containsExactly(
                'p', ' ', '+', '/', '\\', '~', 0xFF, 0x7F);
        // an escape cut short by the end of what was typed ends the prefix before it
        assertThat(KeyName.bytesOfWrittenOutPrefix("a\\x0")).containsExactly('a');
        assertThat(KeyName.bytesOfWrittenOutPrefix("a\\x")).containsExactly('a');
        assertThat(KeyName.bytesOfWrittenOutPrefix("a\\")).containsExactly('a');
    }

    @Test
    void shouldReadNoBytesFromTextThatIsNoWrittenOutPrefix() {
        // no escape: the text's UTF-8 names the keys already
        assertThat(KeyName.bytesOfWrittenOutPrefix("pump 7")).isNull();
        assertThat(KeyName.bytesOfWrittenOutPrefix("")).isNull();
        // what written-out bytes never hold: another escape, a bad hex digit, a character beyond printable ASCII
        for (String text : List.of("a\\n", "\\xG0", "\\x0G", "ü\\x00", "\\x00\t")) {
            assertThat(KeyName.bytesOfWrittenOutPrefix(text)).as(text).isNull();
        }
    }

    @Test
    void shouldNeverNameTwoKeysThatAreNotUtf8Alike() {
        // every key of one or two bytes that is not UTF-8 (backslashes, x and hex digits among them)
        List<byte[]> keys = new ArrayList<>();
        for (int a = 0; a < 256; a++) {
            keys.add(new byte[] {(byte) a});
            for (int b = 0; b < 256; b++) {
                keys.add(new byte[] {(byte) a, (byte) b});
            }
        }
        Set<String> texts = new HashSet<>();
        Set<String> segments = new HashSet<>();
        int notUtf8 = 0;
        for (byte[] key : keys) {
            KeyName name = KeyName.of(key);
            if (name.segment() != null) {
                notUtf8++;
                texts.add(name.text());
                segments.add(name.segment());
                assertThat(KeySegment.decode(name.segment())).as(name.text()).isEqualTo(key);
            }
        }
        // by hand: 128 single bytes from 0x80 up; of the pairs, all but ASCII + ASCII (128 * 128) and the 1,920
        // two-byte characters (lead 0xC2 to 0xDF, 30 of them, times 64 continuation bytes)
        assertThat(notUtf8).isEqualTo(128 + 65_536 - 128 * 128 - 30 * 64);
        assertThat(texts).hasSize(notUtf8);
        assertThat(segments).hasSize(notUtf8);
    }

    @Test
    void shouldGiveTheSegmentInBodiesOnlyForKeysThatAreNotUtf8() {
        byte[] id = {0, 0, 0, 0, 0, 0, 0, (byte) 0xC8};

        assertThat(json(ConsoleBodies.KeysBody.of(List.of(KeyName.of(utf8("a")), KeyName.of(utf8("b"))), List.of(),
                List.of(), List.of())))
                .startsWith("{\"keys\":[\"a\",\"b\"],\"keys_unreadable_partitions\":[]");
        assertThat(json(ConsoleBodies.KeysBody.of(List.of(KeyName.of(id), KeyName.of(utf8("\\x00"))), List.of(),
                List.of(), List.of())))
                .startsWith("{\"keys\":[\"\\\\x00\\\\x00\\\\x00\\\\x00\\\\x00\\\\x00\\\\x00\\\\xC8\",\"\\\\x00\"],"
                        + "\"key_segments\":[\"%00%00%00%00%00%00%00%C8\",null],\"keys_unreadable_partitions\":[]");
        assertThat(json(ConsoleBodies.AnomalyBody.of(new RecentAnomaly(id, 0, 1, 2, 0.5, 3, Statistic.RANGE))))
                .startsWith("{\"key\":\"\\\\x00\\\\x00\\\\x00\\\\x00\\\\x00\\\\x00\\\\x00\\\\xC8\","
                        + "\"key_segment\":\"%00%00%00%00%00%00%00%C8\",\"event_time\":");
        assertThat(json(ConsoleBodies.AnomalyBody.of(new RecentAnomaly(utf8("a"), 0, 1, 2, 0.5, 3, Statistic.RANGE))))
                .startsWith("{\"key\":\"a\",\"event_time\":");
    }

    private static String json(Object body) {
        return new String(Response.json(200, body).body(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
