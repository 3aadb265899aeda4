#!/usr/bin/python3
"""An independent WatchAlerts client on Debian's python3-grpcio (run with /usr/bin/python3).

  watch_alerts.py --target=127.0.0.1:PORT --protos_dir=DIR [--clinic=C] [--patient=P]
                  [--min_severity=N] [--after=EVENT_ID] --count=N [--timeout=SECONDS]

Generates the message classes of telemetry.proto and alerts.proto with protoc at run time, calls
telemetry.alerts.v1.Alerts/WatchAlerts through grpcio's generic unary_stream, prints "SUBSCRIBED" once the
hub has sent the response headers, then one JSON object per AlertEvent, and exits 0 after --count events
(1 with the status on stderr when the stream ends or --timeout passes first).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

import grpc


def load_messages(protos_dir):
    out = tempfile.mkdtemp(prefix="watch-alerts-")
    subprocess.run(["protoc", "--proto_path=" + protos_dir, "--python_out=" + out, "telemetry.proto", "alerts.proto"], check=True)
    sys.path.insert(0, out)
    import alerts_pb2  # noqa: E402  (generated above)
    import telemetry_pb2  # noqa: E402
    return alerts_pb2, telemetry_pb2, out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", required=True)
    parser.add_argument("--protos_dir", required=True)
    parser.add_argument("--clinic", default="")
    parser.add_argument("--patient", default="")
    parser.add_argument("--min_severity", type=int, default=0)
    parser.add_argument("--after", type=int, default=0)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--token", default="")
    args = parser.parse_args()

    alerts_pb2, telemetry_pb2, generated = load_messages(args.protos_dir)
    try:
        request = alerts_pb2.WatchAlertsRequest(
            clinic=args.clinic, patient_id=args.patient, min_severity=args.min_severity, after_event_id=args.after)
        with grpc.insecure_channel(args.target) as channel:
            watch = channel.unary_stream(
                "/telemetry.alerts.v1.Alerts/WatchAlerts",
                request_serializer=alerts_pb2.WatchAlertsRequest.SerializeToString,
                response_deserializer=alerts_pb2.AlertEvent.FromString)
            metadata = [("authorization", "Bearer " + args.token)] if args.token else None
            call = watch(request, timeout=args.timeout if args.timeout > 0 else None, metadata=metadata)
            call.initial_metadata()  # the hub sends the response headers once it is subscribed
            print("SUBSCRIBED", flush=True)
            seen = 0
            try:
                for event in call:
                    alert = event.alert
                    print(json.dumps({
                        "event_id": event.event_id,
                        "action": event.action,
                        "actor": event.actor,
                        "rule": alert.rule_id,
                        "patient": alert.patient_id,
                        "clinic": alert.clinic,
                        "severity": telemetry_pb2.AlertSeverity.Name(alert.severity),
                        "state": alert.state,
                        "value": alert.value if alert.HasField("value") else None,
                    }), flush=True)
                    seen += 1
                    if seen == args.count:
                        call.cancel()
                        return 0
            except grpc.RpcError as error:
                print("stream ended after %d events: %s %s" % (seen, error.code(), error.details()), file=sys.stderr)
                return 1
            print("stream ended after %d events" % seen, file=sys.stderr)
            return 1
    finally:
        shutil.rmtree(generated, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
