package io.streamcast.config;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.security.auth.SslEngineFactory;

/** An {@code ssl.engine.factory.class} of its own: the JVM's default TLS context, reading no ssl store setting. */
public final class JdkSslEngineFactory implements SslEngineFactory {

    @Override
    public SSLEngine createClientSslEngine(String peerHost, int peerPort, String endpointIdentification) {
        return engine(peerHost, peerPort, true);
    }

    @Override
    public SSLEngine createServerSslEngine(String peerHost, int peerPort) {
        return engine(peerHost, peerPort, false);
    }

    private static SSLEngine engine(String peerHost, int peerPort, boolean client) {
        try {
            SSLEngine engine = SSLContext.getDefault().createSSLEngine(peerHost, peerPort);
            engine.setUseClientMode(client);
            return engine;
        } catch (GeneralSecurityException e) {
            throw new KafkaException(e);
        }
    }

    @Override
    public boolean shouldBeRebuilt(Map<String, Object> nextConfigs) {
        return false;
    }

    @Override
    public Set<String> reconfigurableConfigs() {
        return Set.of();
    }

    @Override
    public KeyStore keystore() {
        return null;
    }

    @Override
    public KeyStore truststore() {
        return null;
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public void close() {
    }
}
