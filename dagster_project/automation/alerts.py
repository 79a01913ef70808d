"""A failed run POSTs an alert to OSO_ALERT_WEBHOOK_URL (Slack-compatible ``{"text": ...}``).

A webhook that does not answer 2xx fails the sensor tick, which shows in the UI, and the tick
is retried; no webhook configured logs the failure only.
"""

from __future__ import annotations

import json
import urllib.request

import dagster as dg

from oso.settings import Settings


def alert_payload(context: dg.RunFailureSensorContext, settings: Settings) -> dict[str, object]:
    run = context.dagster_run
    error = context.failure_event.message or "no message"
    steps = [e.step_key for e in context.get_step_failure_events() if e.step_key]
    link = f"{settings.dagster_url.rstrip('/')}/runs/{run.run_id}"
    return {
        "text": f"OSO run failed: {run.job_name} ({run.run_id[:8]}): {error} {link}",
        "job": run.job_name,
        "run_id": run.run_id,
        "failed_steps": steps,
        "error": error,
        "url": link,
        "tags": dict(run.tags),
    }


def post_json(url: str, payload: dict[str, object], timeout_s: float) -> int:
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, default=str).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout_s) as response:
        return int(response.status)


def build_alert_sensor(settings: Settings) -> dg.SensorDefinition:
    @dg.run_failure_sensor(
        name="alert_on_run_failure",
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="POSTs every failed run to OSO_ALERT_WEBHOOK_URL.",
    )
    def alert_on_run_failure(context: dg.RunFailureSensorContext) -> None:
        payload = alert_payload(context, settings)
        if not settings.alert_webhook_url:
            context.log.warning(f"no OSO_ALERT_WEBHOOK_URL; not sent: {payload['text']}")
            return
        status = post_json(settings.alert_webhook_url, payload, settings.http_timeout_s)
        context.log.info(f"alert sent to the webhook ({status}) for run {payload['run_id']}")

    return alert_on_run_failure
