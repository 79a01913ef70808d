# One image for the Dagster webserver, the daemon, run workers and the API.
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 DO_NOT_TRACK=1 DBT_SEND_ANONYMOUS_USAGE_STATS=false RUNTIME__DLTHUB_TELEMETRY=false \
    DAGSTER_HOME=/opt/dagster/home
WORKDIR /opt/oso
RUN pip install --no-cache-dir uv
COPY requirements.lock ./
RUN uv pip install --system --no-cache -r requirements.lock
COPY . .
RUN uv pip install --system --no-cache --no-deps -e . && mkdir -p $DAGSTER_HOME && cp deploy/dagster.yaml deploy/workspace.yaml $DAGSTER_HOME/
