"""Failure alerts for Airflow tasks: always logged; also posted to a webhook and/or e-mailed when
``[alerts] webhook_url`` / ``[alerts] email_to`` (+ ``smtp_host``) are configured."""

from __future__ import annotations

import json
import logging
import smtplib
import urllib.request
from collections.abc import Mapping
from email.message import EmailMessage
from typing import Any

__all__ = ["alert_payload", "on_failure", "send_alert"]

log = logging.getLogger("paxpipe.alerts")


def alert_payload(context: Mapping[str, Any]) -> dict[str, Any]:
    ti = context.get("ti") or context.get("task_instance")
    exc = context.get("exception")
    return {
        "dag_id": getattr(ti, "dag_id", None),
        "task_id": getattr(ti, "task_id", None),
        "run_id": context.get("run_id") or getattr(ti, "run_id", None),
        "try_number": getattr(ti, "try_number", None),
        "error": f"{type(exc).__name__}: {exc}" if exc is not None else None,
    }


def send_alert(payload: Mapping[str, Any], alerts_conf: Mapping[str, Any]) -> list[str]:
    """Deliver one alert to every configured channel; returns the channels used. Never raises."""
    used = ["log"]
    log.error("paxpipe task failed: %s", json.dumps(payload, default=str))
    url = alerts_conf.get("webhook_url")
    if url:
        try:
            req = urllib.request.Request(
                str(url), data=json.dumps(payload, default=str).encode(), headers={"Content-Type": "application/json"}
            )
            urllib.request.urlopen(req, timeout=10).close()
            used.append("webhook")
        except OSError as exc:  # an alert channel being down must not hide the original failure
            log.error("alert webhook %s failed: %s", url, exc)
    to = alerts_conf.get("email_to")
    if to:
        try:
            msg = EmailMessage()
            msg["Subject"] = f"[paxpipe] {payload.get('dag_id')}.{payload.get('task_id')} failed"
            msg["From"] = str(alerts_conf.get("email_from", "paxpipe@localhost"))
            msg["To"] = str(to)
            msg.set_content(json.dumps(payload, indent=2, default=str))
            with smtplib.SMTP(str(alerts_conf.get("smtp_host", "127.0.0.1")), int(alerts_conf.get("smtp_port", 25)), timeout=10) as smtp:
                smtp.send_message(msg)
            used.append("email")
        except OSError as exc:
            log.error("alert e-mail to %s failed: %s", to, exc)
    return used


def on_failure(context: Mapping[str, Any]) -> None:
    """Airflow ``on_failure_callback``: called once a task has used up its retries."""
    from paxpipe.settings import load_settings

    send_alert(alert_payload(context), load_settings().section("alerts"))
