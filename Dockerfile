# pakt in a container: a static binary on an empty image, run as an
# unprivileged user, its SQLite database (or nothing, with PostgreSQL) on
# the volume /data. docs/deploy.md says how to run and upgrade it.
#
#   docker build -t pakt .
#   docker run --rm -v pakt-data:/data pakt migrate
#   docker run -d -p 8080:8080 -v pakt-data:/data -e PAKT_BASE_URL=https://partners.example.com pakt

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/pakt ./cmd/pakt
RUN sh deploy/rootfs.sh /rootfs

FROM scratch
COPY --from=build /rootfs/ /
COPY --from=build --chown=65532:65532 /rootfs/data /data
COPY --from=build /out/pakt /pakt
USER 65532:65532
ENV PAKT_DATA=/data PAKT_ADDR=0.0.0.0:8080
VOLUME ["/data"]
EXPOSE 8080
ENTRYPOINT ["/pakt"]
CMD ["serve"]
