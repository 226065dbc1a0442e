# syntax=docker/dockerfile:1
# The idvkit CLI as a container image: `docker build -t idvkit .` from the repository root, then e.g.
#   docker run --rm --init -v "$PWD/idvkit.config.json:/idvkit/idvkit.config.json:ro" -v idvkit-data:/data idvkit sync
# or, against Postgres, `-e DATABASE_URL=postgres://…` instead of the data volume. The entrypoint is `idvkit`.
#
# Stage 1 builds the workspace packages the CLI needs and packs them as they would be published; stage 2 installs
# only those tarballs and their production dependencies, the same install test/install-cli.test.ts proves.
ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS build
RUN npm install --global --no-audit --no-fund pnpm@10.34.9
WORKDIR /repo
COPY . .
# The generated clients are committed, so building (no `generate`) needs only TypeScript and the packages' deps.
RUN pnpm install --frozen-lockfile \
  && pnpm --filter "@idvkit/cli..." run build \
  && pnpm --filter "@idvkit/cli..." pack --pack-destination /tarballs

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production
COPY --from=build /tarballs /tmp/tarballs
# --prefix: one project holding the CLI and the workspace packages it depends on, resolved from the tarballs.
RUN npm install --prefix /opt/idvkit --omit=dev --no-audit --no-fund --loglevel=error /tmp/tarballs/*.tgz \
  && rm -rf /tmp/tarballs /root/.npm \
  && mkdir -p /idvkit /data \
  && chown node:node /idvkit /data
ENV PATH=/opt/idvkit/node_modules/.bin:$PATH
# The embedded PGlite database (used when neither --database, the config's "database" nor DATABASE_URL is set).
ENV IDVKIT_DATA_DIR=/data/pgdata
VOLUME ["/data"]
# The config is read from ./idvkit.config.json: mount it here, or pass --config.
WORKDIR /idvkit
USER node
ENTRYPOINT ["idvkit"]
CMD ["--help"]
