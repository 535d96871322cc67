package io.streamcast.app.http;

import io.streamcast.serde.CappedBody;
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
            return new RefusedUnread(new Refused("what is not JSON (Content-Type " + Response.JSON + ")"));
        }
        return new CappedBody(maxBytes, max -> new Refused("more than " + max + " bytes, more than a key's answer"
                + " takes"));
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

    /** A body refused before a byte of it is read: subscribing cancels it, which closes its connection. */
    private static final class RefusedUnread implements HttpResponse.BodySubscriber<byte[]> {

        private final CompletableFuture<byte[]> body = new CompletableFuture<>();

        RefusedUnread(Refused refused) {
            body.completeExceptionally(refused);
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.cancel();
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
        }

        @Override
        public void onError(Throwable failure) {
        }

        @Override
        public void onComplete() {
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }
    }
}
