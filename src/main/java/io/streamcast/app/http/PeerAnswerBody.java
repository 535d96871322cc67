package io.streamcast.app.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads the body of an owner's answer only when it is JSON and only up to a bound. Why: the answer is relayed to
 * this instance's client as the key's state, and held in memory whole while it is; what answers at an owner's
 * address may be something else (a stale application.server, a port reused by another service) or a faulty owner
 * whose body does not end. Anything else is refused with {@link Refused}: another type before a byte is read, a
 * longer body as soon as the bound is passed. Refusing cancels the body's subscription, which closes its connection.
 */
final class PeerAnswerBody implements HttpResponse.BodyHandler<byte[]> {

    private final long maxBytes;

    PeerAnswerBody(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
        if (!isJson(info.headers().firstValue("Content-Type").orElse(""))) {
            return new Bounded(new Refused("what is not JSON (Content-Type " + Response.JSON + ")"));
        }
        return new Bounded(maxBytes);
    }

    /** Whether {@code contentType} names JSON, whatever its parameters ({@code charset=utf-8}). */
    static boolean isJson(String contentType) {
        int parameters = contentType.indexOf(';');
        String type = parameters < 0 ? contentType : contentType.substring(0, parameters);
        return type.strip().equalsIgnoreCase(Response.JSON);
    }

    /** Why an owner's answer was not read: what it answered, in words that follow "answered". */
    static final class Refused extends IOException {

        Refused(String answered) {
            super(answered);
        }
    }

    private static final class Bounded implements HttpResponse.BodySubscriber<byte[]> {

        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final long maxBytes;
        private Flow.Subscription subscription;

        Bounded(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        /** One that reads nothing, refused already. */
        Bounded(Refused refused) {
            this(0);
            body.completeExceptionally(refused);
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (body.isDone()) {
                subscription.cancel();
            } else {
                subscription.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (received.size() + (long) buffer.remaining() > maxBytes) {
                    subscription.cancel();
                    body.completeExceptionally(new Refused("more than " + maxBytes + " bytes, more than a key's"
                            + " answer takes"));
                    return;
                }
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                received.writeBytes(bytes);
            }
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(received.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }
    }
}
