package io.streamcast.app.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * The content a request carries, which no endpoint reads (all are GET or HEAD), read and passed over so that the
 * connection can be closed or reused cleanly. Why read at all: the JDK's server passes over only 64 KiB of it
 * itself and then closes the connection with the rest unread, which makes the kernel reset it; a client still
 * sending, or not yet done reading the answer, then sees "connection reset" instead of the answer.
 */
final class RequestContent {

    /** Content up to this size is passed over and the request answered as if it had none. */
    static final int IGNORED_BYTES = 1 << 20;

    /**
     * Content passed over after a 413, so that a client that sends all of its content before it reads (as Java's
     * HTTP client does) finds the answer rather than a reset. Beyond it the connection is closed: a client sending
     * that much to a read-only endpoint does not get to hold one of the server's few threads for longer.
     */
    static final long DRAINED_AFTER_REFUSAL_BYTES = 64L << 20;

    private final InputStream in;
    private final boolean tooLarge;
    private final IOException unreadable;

    private RequestContent(InputStream in, boolean tooLarge, IOException unreadable) {
        this.in = in;
        this.tooLarge = tooLarge;
        this.unreadable = unreadable;
    }

    /**
     * Reads and passes over up to {@link #IGNORED_BYTES} of {@code in}, and a byte more to tell whether it ends; a
     * failure to read it is kept, not thrown. Malformed content (a chunk size that is no number) is answered; a client
     * that went away, or whose content stopped arriving, its connection closed, does not read the answer, whose
     * sending then fails.
     */
    static RequestContent passOver(InputStream in) {
        try {
            return new RequestContent(in, skip(in, IGNORED_BYTES + 1L) > IGNORED_BYTES, null);
        } catch (IOException e) {
            return new RequestContent(in, false, e);
        }
    }

    /** Whether the content is more than {@link #IGNORED_BYTES}: the request is refused with 413. */
    boolean tooLarge() {
        return tooLarge;
    }

    /** Why the content could not be read to its end (the request is refused with 400), or null when it could. */
    IOException unreadable() {
        return unreadable;
    }

    /**
     * Whether the content was read to its end, neither too large nor unreadable: only then can the connection carry
     * another request, as the next one starts where this one's content ends.
     */
    boolean readToEnd() {
        return !tooLarge && unreadable == null;
    }

    /**
     * After the refusal of content too large was sent: passes over the rest of it, up to
     * {@link #DRAINED_AFTER_REFUSAL_BYTES}; nothing for other content. A client that stops sending and closes ends it
     * early, which is no failure here.
     */
    void drainAfterRefusal() {
        if (!tooLarge) {
            return;
        }
        try {
            skip(in, DRAINED_AFTER_REFUSAL_BYTES);
        } catch (IOException e) {
            // the client went away, having read the refusal or not: nothing more to tell it
        }
    }

    /** Reads up to {@code limit} bytes of {@code in}; the number read, less only where it ends. */
    private static long skip(InputStream in, long limit) throws IOException {
        byte[] buffer = new byte[8192];
        long read = 0;
        while (read < limit) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - read));
            if (n < 0) {
                break;
            }
            read += n;
        }
        return read;
    }
}
