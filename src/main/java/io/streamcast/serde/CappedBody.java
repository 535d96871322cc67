package io.streamcast.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.LongFunction;

/**
 * A response body read whole into memory, up to a size: a larger one fails with an {@link IOException} as soon as it
 * passes the size, and the rest is not read (cancelling the subscription closes the connection). Why: the answers
 * read with it (the registry's, another instance's key state) are kilobytes, and an answer of gigabytes (a misrouted
 * request, a broken proxy, a body that does not end) read whole would exhaust the heap.
 */
public final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final long maxBytes;
    private final LongFunction<IOException> tooLarge;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private Flow.Subscription subscription;

    /**
     * @param maxBytes the most bytes read
     * @param tooLarge the failure of a larger body, given {@code maxBytes}
     */
    public CappedBody(long maxBytes, LongFunction<IOException> tooLarge) {
        this.maxBytes = maxBytes;
        this.tooLarge = tooLarge;
    }

    /** Reads each answer's body whole, failing one larger than {@code maxBytes}. */
    static HttpResponse.BodyHandler<byte[]> upTo(int maxBytes) {
        return answer -> new CappedBody(maxBytes, max -> new IOException("the answer is larger than " + max
                + " bytes"));
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        for (ByteBuffer item : items) {
            if (body.isDone()) {
                return;
            }
            if (bytes.size() + (long) item.remaining() > maxBytes) {
                subscription.cancel();
                body.completeExceptionally(tooLarge.apply(maxBytes));
                return;
            }
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable failure) {
        body.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        body.complete(bytes.toByteArray());
    }
}
