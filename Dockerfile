# syntax=docker/dockerfile:1
# Concierge: build the TypeScript once, run the compiled JavaScript with production dependencies only.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    CONFIG_FILE=/app/config/config.yaml
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY config.example.yaml config.schema.json ./
# Mount the operator's settings at /app/config/config.yaml. MONGODB_URI must point at a MongoDB server:
# the embedded development database is not part of this image.
RUN mkdir -p /app/config && chown -R node:node /app/config
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# main.ts handles SIGTERM itself: it stops intake, drains work and closes the database.
CMD ["node", "dist/src/main.js"]
