# Streamcast: build the shaded jar with Maven, run it on a JRE as a non-root user.
# docker build -t streamcast .   then   docker run streamcast run   (settings from STREAMCAST_* and KAFKA_*)
#
# The jar is multi-release: on Java 25 with the jdk.incubator.vector module it computes the LSTM gates with the
# Vector API (the same results, bit for bit); on any other JVM with the Java 17 engine. This image runs Java 25
# with the module. For a Java 17 runtime instead: docker build --build-arg RUNTIME=eclipse-temurin:17-jre .

ARG RUNTIME=eclipse-temurin:25-jre

# JDK 25 builds both: the Java 17 classes (release 17) and the Vector API classes (release 25).
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /build
# Dependencies first, so that a change of the sources alone does not download them again.
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline
COPY schemas ./schemas
COPY src/main ./src/main
RUN mvn -B -q -Dmaven.test.skip=true -Pjava25 -Djdk25.home="$JAVA_HOME" package

FROM ${RUNTIME}
RUN groupadd --system --gid 10001 streamcast \
    && useradd --system --uid 10001 --gid streamcast --home-dir /var/lib/streamcast --shell /usr/sbin/nologin streamcast \
    && mkdir -p /var/lib/streamcast \
    && chown streamcast:streamcast /var/lib/streamcast
COPY --from=build /build/target/streamcast.jar /opt/streamcast/streamcast.jar
USER 10001:10001
# Kafka Streams keeps its state stores here; mount a volume so that a restart restores from disk, not from Kafka.
ENV KAFKA_STATE_DIR=/var/lib/streamcast
VOLUME ["/var/lib/streamcast"]
# Metrics, health and queries.
EXPOSE 8080
# --add-modules jdk.incubator.vector enables the Vector API path on Java 25+; Java 17 ignores the Java 25 classes.
ENTRYPOINT ["java", "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/streamcast/streamcast.jar"]
CMD ["run"]
