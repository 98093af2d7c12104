# syntax=docker/dockerfile:1
# One image for the worker and the starter (docker-compose.yml picks the entry point).
# Node 20 to match `engines`; pin by digest as well where your registry policy asks for it.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# --- deps: production dependencies only, exactly as locked -------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# `allowScripts` in package.json lists the install scripts npm 11 may run (@swc/core, esbuild).
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- runtime: sources run by tsx, owned by root and read-only to the non-root user ---------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY src ./src
# The `node` user (uid 1000) ships with the official image.
USER node
# 3000: the starter's HTTP port; 9464: the worker's Prometheus metrics.
EXPOSE 3000 9464
CMD ["node", "--import", "tsx", "src/worker.ts"]
