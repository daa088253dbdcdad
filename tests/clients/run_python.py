"""Drives the official GOV.UK Notify python client against a notifyd server.

Usage: python3 run_python.py BASE_URL API_KEY < calls.json

calls.json is a list of {"method": name, "args": [...], "kwargs": {...}}. Prints one JSON list:
for each call {"ok": result} or {"error": {"status_code": N, "message": ...}} (HTTP errors) or
{"exception": "Type: text"} (anything else). Bytes results are base64-encoded; iterators are
drained into lists. Special methods: "client_for" switches the key for later calls; "repeat"
runs {"call": ...} {"times": N} times.
"""
import base64
import io
import json
import sys
import types

from notifications_python_client import NotificationsAPIClient
from notifications_python_client.errors import HTTPError


def plain(value):
    if isinstance(value, (bytes, bytearray)):
        return {"base64": base64.b64encode(value).decode()}
    if isinstance(value, io.BytesIO):
        return {"base64": base64.b64encode(value.getvalue()).decode()}
    if isinstance(value, types.GeneratorType):
        return [plain(v) for v in value]
    return value


def main():
    base_url, key = sys.argv[1], sys.argv[2]
    client = NotificationsAPIClient(key, base_url=base_url)
    results = []
    for call in json.load(sys.stdin):
        method, args, kwargs = call["method"], call.get("args", []), call.get("kwargs", {})
        try:
            if method == "repeat":
                inner = call["call"]
                for _ in range(call["times"]):
                    getattr(client, inner["method"])(*inner.get("args", []), **inner.get("kwargs", {}))
                results.append({"ok": call["times"]})
                continue
            if method == "client_for":
                client = NotificationsAPIClient(args[0], base_url=base_url)
                results.append({"ok": None})
                continue
            if method == "send_precompiled_letter_notification":
                kwargs["pdf_file"] = io.BytesIO(base64.b64decode(kwargs["pdf_file"]))
            if "prepare_upload" in call:
                from notifications_python_client import prepare_upload
                key_name = call["prepare_upload"]
                kwargs["personalisation"][key_name] = prepare_upload(
                    io.BytesIO(base64.b64decode(kwargs["personalisation"][key_name]))
                )
            results.append({"ok": plain(getattr(client, method)(*args, **kwargs))})
        except HTTPError as e:
            results.append({"error": {"status_code": e.status_code, "message": e.message}})
        except Exception as e:  # noqa: BLE001 - report everything to the Rust test
            results.append({"exception": f"{type(e).__name__}: {e}"})
    json.dump(results, sys.stdout)


main()
