package io.streamcast.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * What passing over a request's content comes to, held in one value: read to its end, too large, or unreadable with
 * the failure that stopped it; only content read to its end leaves the connection fit to reuse.
 */
class RequestContentOutcomeTest {

    /** 1 MiB, the most content passed over, written out here rather than taken from the class under test. */
    private static final int MOST_IGNORED = 1_048_576;

    @Test
    void shouldHoldTheFailureOfContentThatCannotBeRead() {
        IOException malformed = new IOException("malformed chunk size");
        InputStream broken = new InputStream() {
            private int left = 3;

            @Override
            public int read() throws IOException {
                if (left == 0) {
                    throw malformed;
                }
                left--;
                return 'a';
            }
        };

        RequestContent content = RequestContent.passOver(broken);

        assertThat(content.unreadable()).isSameAs(malformed);
        assertThat(content.tooLarge()).isFalse();
        assertThat(content.readToEnd()).isFalse();
    }

    @Test
    void shouldBeReadToItsEndUpToOneMebibyte() {
        RequestContent content = RequestContent.passOver(new ByteArrayInputStream(new byte[MOST_IGNORED]));

        assertThat(content.unreadable()).isNull();
        assertThat(content.tooLarge()).isFalse();
        assertThat(content.readToEnd()).isTrue();
    }

    @Test
    void shouldBeTooLargeAndNotReadToItsEndOneByteMore() {
        RequestContent content = RequestContent.passOver(new ByteArrayInputStream(new byte[MOST_IGNORED + 1]));

        assertThat(content.unreadable()).isNull();
        assertThat(content.tooLarge()).isTrue();
        assertThat(content.readToEnd()).isFalse();
    }
}
