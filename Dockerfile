# One image for the Dagster webserver, the daemon, run workers and the API.
# The website's front-end packages (uPlot) come from website/package-lock.json in a Node stage.
FROM node:20-slim AS website-packages
WORKDIR /opt/oso/website
COPY website/package.json website/package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 DO_NOT_TRACK=1 DBT_SEND_ANONYMOUS_USAGE_STATS=false RUNTIME__DLTHUB_TELEMETRY=false \
    DAGSTER_HOME=/opt/dagster/home
WORKDIR /opt/oso
RUN pip install --no-cache-dir uv
COPY requirements.lock ./
RUN uv pip install --system --no-cache -r requirements.lock
COPY . .
COPY --from=website-packages /opt/oso/website/node_modules website/node_modules
RUN uv pip install --system --no-cache --no-deps -e . && mkdir -p $DAGSTER_HOME && cp deploy/dagster.yaml deploy/workspace.yaml $DAGSTER_HOME/
