# syntax=docker/dockerfile:1
#
# The sandbox CLI image that every tenant's dataset Jobs run (`sandbox data generate` per shard,
# then `sandbox data combine`; stacks/kubernetes/dataset-load-jobs.ts). How to build, push and pin
# it by digest: stacks/kubernetes/IMAGE.md. It runs as the nonroot UID 65532 on a read-only root
# filesystem; the Jobs mount the dataset volume at /data and an emptyDir at /tmp, where tsx keeps
# its transform cache.
#
# A release build pins the base by digest as well, e.g.
#   --build-arg NODE_IMAGE=node:20-bookworm-slim@sha256:<digest>
# (`docker buildx imagetools inspect node:20-bookworm-slim` prints the digest of the tag).
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
# Exactly the lock file's production dependencies; tsx, which runs the TypeScript CLI without a
# build step, is one of them. No install script of any dependency runs.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
LABEL org.opencontainers.image.title="eu-ai-sandbox/sandbox-cli" \
      org.opencontainers.image.description="sandbox CLI: synthetic FHIR datasets for EU AI regulatory sandbox tenants" \
      org.opencontainers.image.licenses="EUPL-1.2"
ENV NODE_ENV=production \
    HOME=/tmp \
    TMPDIR=/tmp \
    NO_UPDATE_NOTIFIER=1
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
# Owned by root and not writable by the runtime user: the code a Job runs is the code reviewed.
COPY . .
RUN chmod 0755 bin/sandbox.js && ln -s /app/bin/sandbox.js /usr/local/bin/sandbox
USER 65532:65532
ENTRYPOINT ["sandbox"]
CMD ["--help"]
