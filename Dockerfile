# Streamcast: build the shaded jar with Maven, run it on a JRE as a non-root user.
# docker build -t streamcast .   then   docker run streamcast run   (settings from STREAMCAST_* and KAFKA_*)

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
# Dependencies first, so that a change of the sources alone does not download them again.
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline
COPY schemas ./schemas
COPY src/main ./src/main
RUN mvn -B -q -Dmaven.test.skip=true package

FROM eclipse-temurin:17-jre
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
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/streamcast/streamcast.jar"]
CMD ["run"]
