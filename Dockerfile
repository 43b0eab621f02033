# Lantern's incident service as a container: built with Swift's official image, run as a
# non-root user from a plain Ubuntu base. The binary carries its schema and migrations and links
# the Swift standard library and Foundation statically, so the runtime image needs only
# certificates and the time-zone database.
#
#   docker build -t lantern .
#   docker run -p 8080:8080 -v lantern-data:/data lantern                                   # SQLite
#   docker run -p 8080:8080 -e DATABASE_URL=postgres://user:pass@db:5432/lantern lantern    # PostgreSQL

FROM swift:6.3.1-noble AS build
WORKDIR /src
# Dependencies first, so editing the sources does not refetch them.
COPY Package.swift ./
RUN swift package resolve
COPY . .
RUN swift build -c release --product lantern --static-swift-stdlib \
    && install -D "$(swift build -c release --show-bin-path)/lantern" /out/lantern

FROM ubuntu:noble
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data --create-home lantern
COPY --from=build /out/lantern /usr/local/bin/lantern
USER lantern
WORKDIR /data
ENV LANTERN_HOST=0.0.0.0 \
    DATABASE_URL=/data/lantern.sqlite
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD ["/usr/local/bin/lantern", "doctor"]
ENTRYPOINT ["/usr/local/bin/lantern"]
CMD ["serve"]
