#!/usr/bin/python3
"""Independent gRPC interop peer built on Debian's python3-grpcio.

Run it with /usr/bin/python3 (the Debian interpreter that has grpcio).

  interop_peer.py server --port=N [--use_tls=true --cert=F --key=F [--client_ca=F]]
  interop_peer.py client --server_host=H --server_port=N --test_case=NAME|all
                         [--use_tls=true --ca=F --server_host_override=NAME
                          --cert=F --key=F]
  interop_peer.py bench-client --server_host=H --server_port=N --mode=unary|stream
                         --seconds=S --concurrency=C [TLS flags as for client]

The server implements the "Server" section of gRPC's
doc/interop-test-descriptions.md; the client implements the named test cases.
Message classes are generated at run time with protoc --python_out from the
one copy of the interop protos (src/GrpcInterop/Protos, or Protos/ next to the
Peer/ folder in a test output directory); no grpc_tools plugin is needed, the
calls go through grpcio's generic handlers and channel.unary_unary(...) etc.

Compression visibility: grpcio does not tell a handler whether a message
arrived compressed. Both the server and the client therefore run with
"grpc.per_message_decompression" = 0, which makes grpc core hand over each
message exactly as it came off the wire; this script then recognises the gzip
or zlib (deflate) stream and inflates it itself. That lets the server enforce
expect_compressed and the client assert the compressed flag of responses.
"""

import argparse
import gzip
import hashlib
import json
import os
import queue
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from concurrent import futures

import grpc

# --------------------------------------------------------------------------
# Generated protobuf modules
# --------------------------------------------------------------------------

PROTO_FILES = ("empty.proto", "messages.proto", "test.proto")


def _find_protos_dir(explicit):
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = []
    if explicit:
        candidates.append(explicit)
    if os.environ.get("INTEROP_PROTOS_DIR"):
        candidates.append(os.environ["INTEROP_PROTOS_DIR"])
    # Test output directory layout: <out>/Peer/interop_peer.py, <out>/Protos/*.proto
    candidates.append(os.path.join(here, "..", "Protos"))
    # Repository layout: tests/Grpc.Tests/Peer -> src/GrpcInterop/Protos
    candidates.append(os.path.join(here, "..", "..", "..", "src", "GrpcInterop", "Protos"))
    for c in candidates:
        if all(os.path.isfile(os.path.join(c, f)) for f in PROTO_FILES):
            return os.path.abspath(c)
    raise RuntimeError("interop protos not found; looked in: " + ", ".join(os.path.abspath(c) for c in candidates))


def _load_generated_modules(protos_dir):
    """Runs protoc --python_out into a cache dir keyed by the proto contents."""
    protoc = shutil.which("protoc") or "/usr/bin/protoc"
    digest = hashlib.sha256()
    for name in PROTO_FILES:
        with open(os.path.join(protos_dir, name), "rb") as f:
            digest.update(name.encode() + b"\0" + f.read() + b"\0")
    cache_root = os.path.join(tempfile.gettempdir(), "tg-interop-peer-%d" % os.getuid())
    target = os.path.join(cache_root, digest.hexdigest()[:16])
    if not os.path.isfile(os.path.join(target, "test_pb2.py")):
        os.makedirs(cache_root, exist_ok=True)
        staging = tempfile.mkdtemp(prefix="gen-", dir=cache_root)
        cmd = [protoc, "--python_out=" + staging, "-I" + protos_dir] + [os.path.join(protos_dir, n) for n in PROTO_FILES]
        try:
            res = subprocess.run(cmd, capture_output=True, text=True)
        except FileNotFoundError:
            raise RuntimeError("protoc not found (install Debian's protobuf-compiler)")
        if res.returncode != 0:
            raise RuntimeError("protoc failed: " + res.stderr.strip().replace("\n", " | "))
        try:
            os.rename(staging, target)  # atomic; another process may have won the race
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
    sys.path.insert(0, target)
    import empty_pb2  # noqa: E402  (generated)
    import messages_pb2  # noqa: E402  (generated)
    return empty_pb2, messages_pb2


empty_pb2 = None
messages_pb2 = None

SERVICE = "grpc.testing.TestService"
UNIMPLEMENTED_SERVICE = "grpc.testing.UnimplementedService"
ECHO_INITIAL_KEY = "x-grpc-test-echo-initial"
ECHO_TRAILING_KEY = "x-grpc-test-echo-trailing-bin"
NO_DECOMPRESSION = ("grpc.per_message_decompression", 0)
MAX_MESSAGE = 64 * 1024 * 1024
COMMON_OPTIONS = [
    NO_DECOMPRESSION,
    ("grpc.max_receive_message_length", MAX_MESSAGE),
    ("grpc.max_send_message_length", MAX_MESSAGE),
]

# --------------------------------------------------------------------------
# Wire helpers: recognise compressed messages (decompression is disabled)
# --------------------------------------------------------------------------


def _inflate(raw):
    """Returns (plain_bytes, was_compressed).

    None of the interop messages can start with 0x1f (field 3, wire type 7 is
    invalid) or 0x78 (field 15 is not used), so a gzip magic number or a zlib
    header means the message arrived compressed.
    """
    if len(raw) >= 2 and raw[0] == 0x1F and raw[1] == 0x8B:
        return gzip.decompress(raw), True
    if len(raw) >= 2 and raw[0] == 0x78 and ((raw[0] << 8) | raw[1]) % 31 == 0:
        return zlib.decompress(raw), True
    return raw, False


class Received(object):
    """A decoded message plus whether it arrived with the compressed flag."""

    __slots__ = ("msg", "compressed")

    def __init__(self, msg, compressed):
        self.msg = msg
        self.compressed = compressed


def _decoder(cls):
    def decode(raw):
        plain, compressed = _inflate(raw)
        return Received(cls.FromString(plain), compressed)
    return decode


def _encode(msg):
    return msg.SerializeToString()


# --------------------------------------------------------------------------
# Server
# --------------------------------------------------------------------------

def _status_code(number):
    for code in grpc.StatusCode:
        if code.value[0] == number:
            return code
    return grpc.StatusCode.UNKNOWN


class _Call(object):
    """Per-call helper: metadata echo, lazy initial metadata, compression."""

    def __init__(self, context):
        self.ctx = context
        self.initial_sent = False
        self.echo_initial = []
        trailing = []
        for md in context.invocation_metadata():
            if md.key == ECHO_INITIAL_KEY:
                self.echo_initial.append((md.key, md.value))
            elif md.key == ECHO_TRAILING_KEY:
                trailing.append((md.key, md.value))
        if trailing:
            context.set_trailing_metadata(tuple(trailing))

    def start(self, compress=False, extra=()):
        """Sends the response headers; compression must be chosen before."""
        if self.initial_sent:
            return
        if compress:
            self.ctx.set_compression(grpc.Compression.Gzip)
        md = tuple(self.echo_initial) + tuple(extra)
        self.initial_sent = True
        if md:
            self.ctx.send_initial_metadata(md)

    def echo_status(self, status_field_owner):
        if status_field_owner.HasField("response_status") and status_field_owner.response_status.code != 0:
            st = status_field_owner.response_status
            self.start()
            self.ctx.abort(_status_code(st.code), st.message)

    def check_expected(self, received, expect_field):
        """CompressedRequest feature: INVALID_ARGUMENT on a mismatch."""
        msg = received.msg
        if not msg.HasField(expect_field):
            return
        expected = getattr(msg, expect_field).value
        if expected and not received.compressed:
            self.start()
            self.ctx.abort(grpc.StatusCode.INVALID_ARGUMENT, "expected a compressed request, got an uncompressed one")
        if not expected and received.compressed:
            self.start()
            self.ctx.abort(grpc.StatusCode.INVALID_ARGUMENT, "expected an uncompressed request, got a compressed one")

    def payload(self, size, response_type=0):
        if response_type != messages_pb2.COMPRESSABLE:
            self.start()
            self.ctx.abort(grpc.StatusCode.INVALID_ARGUMENT, "unsupported response_type %d" % response_type)
        if size < 0:
            self.start()
            self.ctx.abort(grpc.StatusCode.INVALID_ARGUMENT, "negative response size %d" % size)
        return messages_pb2.Payload(type=messages_pb2.COMPRESSABLE, body=b"\0" * size)

    def set_message_compression(self, compressed):
        """Per-message control once the call compresses (grpcio can only disable)."""
        if not compressed:
            self.ctx.disable_next_message_compression()


class TestServiceImpl(object):
    def __init__(self, server_id):
        self.server_id = server_id

    def EmptyCall(self, request, context):
        call = _Call(context)
        call.start()
        return empty_pb2.Empty()

    def UnaryCall(self, request, context):
        call = _Call(context)
        req = request.msg
        compress = req.HasField("response_compressed") and req.response_compressed.value
        call.start(compress=compress)
        call.echo_status(req)
        call.check_expected(request, "expect_compressed")
        resp = messages_pb2.SimpleResponse(payload=call.payload(req.response_size, req.response_type))
        if req.fill_server_id:
            resp.server_id = self.server_id
            resp.hostname = socket.gethostname()
        call.set_message_compression(compress)
        return resp

    def CacheableUnaryCall(self, request, context):
        call = _Call(context)
        call.start(extra=(("cache-control", "max-age=60, public"),))
        body = str(time.time_ns()).encode("ascii")
        return messages_pb2.SimpleResponse(payload=messages_pb2.Payload(type=messages_pb2.COMPRESSABLE, body=body))

    def _respond(self, call, req):
        """Yields the responses one StreamingOutputCallRequest asks for."""
        for params in req.response_parameters:
            if params.interval_us > 0:
                time.sleep(params.interval_us / 1e6)
            resp = messages_pb2.StreamingOutputCallResponse(payload=call.payload(params.size, req.response_type))
            call.set_message_compression(params.HasField("compressed") and params.compressed.value)
            yield resp

    @staticmethod
    def _wants_compression(req):
        return any(p.HasField("compressed") and p.compressed.value for p in req.response_parameters)

    def StreamingOutputCall(self, request, context):
        call = _Call(context)
        req = request.msg
        call.start(compress=self._wants_compression(req))
        call.echo_status(req)
        for resp in self._respond(call, req):
            yield resp

    def StreamingInputCall(self, request_iterator, context):
        call = _Call(context)
        call.start()
        total = 0
        for received in request_iterator:
            call.check_expected(received, "expect_compressed")
            total += len(received.msg.payload.body)
        return messages_pb2.StreamingInputCallResponse(aggregated_payload_size=total)

    def FullDuplexCall(self, request_iterator, context):
        call = _Call(context)
        # Headers wait for the first request so that its compression wish can
        # be honoured (grpcio fixes the call's encoding with the headers).
        for received in request_iterator:
            req = received.msg
            call.start(compress=self._wants_compression(req))
            call.echo_status(req)
            for resp in self._respond(call, req):
                yield resp
        call.start()

    def HalfDuplexCall(self, request_iterator, context):
        call = _Call(context)
        reqs = [r.msg for r in request_iterator]
        call.start(compress=any(self._wants_compression(r) for r in reqs))
        for req in reqs:
            call.echo_status(req)
            for resp in self._respond(call, req):
                yield resp


def _make_handlers(impl):
    m = messages_pb2
    e = empty_pb2
    return grpc.method_handlers_generic_handler(SERVICE, {
        "EmptyCall": grpc.unary_unary_rpc_method_handler(
            impl.EmptyCall, request_deserializer=_decoder(e.Empty), response_serializer=_encode),
        "UnaryCall": grpc.unary_unary_rpc_method_handler(
            impl.UnaryCall, request_deserializer=_decoder(m.SimpleRequest), response_serializer=_encode),
        "CacheableUnaryCall": grpc.unary_unary_rpc_method_handler(
            impl.CacheableUnaryCall, request_deserializer=_decoder(m.SimpleRequest), response_serializer=_encode),
        "StreamingOutputCall": grpc.unary_stream_rpc_method_handler(
            impl.StreamingOutputCall, request_deserializer=_decoder(m.StreamingOutputCallRequest),
            response_serializer=_encode),
        "StreamingInputCall": grpc.stream_unary_rpc_method_handler(
            impl.StreamingInputCall, request_deserializer=_decoder(m.StreamingInputCallRequest),
            response_serializer=_encode),
        "FullDuplexCall": grpc.stream_stream_rpc_method_handler(
            impl.FullDuplexCall, request_deserializer=_decoder(m.StreamingOutputCallRequest),
            response_serializer=_encode),
        "HalfDuplexCall": grpc.stream_stream_rpc_method_handler(
            impl.HalfDuplexCall, request_deserializer=_decoder(m.StreamingOutputCallRequest),
            response_serializer=_encode),
        # UnimplementedCall is deliberately absent: grpcio answers UNIMPLEMENTED.
    })


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def run_server(args):
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=args.workers), options=COMMON_OPTIONS)
    server.add_generic_rpc_handlers((_make_handlers(TestServiceImpl("python-interop-peer-%d" % os.getpid())),))
    address = "%s:%d" % (args.bind, args.port)
    if args.use_tls:
        if not args.cert or not args.key:
            raise SystemExit("server --use_tls=true needs --cert=F and --key=F (PEM)")
        client_ca = _read(args.client_ca) if args.client_ca else None
        creds = grpc.ssl_server_credentials(((_read(args.key), _read(args.cert)),),
                                            root_certificates=client_ca,
                                            require_client_auth=client_ca is not None)
        port = server.add_secure_port(address, creds)
    else:
        port = server.add_insecure_port(address)
    if port == 0:
        raise SystemExit("could not bind " + address)
    server.start()

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        mode = os.fstat(0).st_mode
        watch_stdin = stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)
    except OSError:
        watch_stdin = False
    if watch_stdin:
        # Parent (e.g. the C# test fixture) holds a pipe; EOF means it is gone.
        def watch():
            try:
                while os.read(0, 4096):
                    pass
            except OSError:
                pass
            stop.set()
        threading.Thread(target=watch, daemon=True).start()

    sys.stdout.write("LISTENING %d\n" % port)
    sys.stdout.flush()
    while not stop.wait(0.5):
        pass
    server.stop(grace=1).wait(5)
    return 0


# --------------------------------------------------------------------------
# Client test cases
# --------------------------------------------------------------------------

class TestFailure(Exception):
    pass


def _expect(cond, message):
    if not cond:
        raise TestFailure(message)


def _zeros(n):
    return messages_pb2.Payload(type=messages_pb2.COMPRESSABLE, body=b"\0" * n)


def _rpc_text(err):
    return "%s: %s" % (err.code().name, err.details())


class _RequestQueue(object):
    """A request iterator the test feeds one message at a time."""

    _END = object()

    def __init__(self):
        self._q = queue.Queue()

    def send(self, msg):
        self._q.put(msg)

    def close(self):
        self._q.put(self._END)

    def __iter__(self):
        return self

    def __next__(self):
        item = self._q.get()
        if item is self._END:
            raise StopIteration()
        return item


class Stubs(object):
    def __init__(self, channel, timeout):
        m = messages_pb2
        e = empty_pb2
        p = "/" + SERVICE + "/"
        self.timeout = timeout
        self.empty_call = channel.unary_unary(p + "EmptyCall", _encode, _decoder(e.Empty))
        self.unary_call = channel.unary_unary(p + "UnaryCall", _encode, _decoder(m.SimpleResponse))
        self.streaming_output_call = channel.unary_stream(
            p + "StreamingOutputCall", _encode, _decoder(m.StreamingOutputCallResponse))
        self.streaming_input_call = channel.stream_unary(
            p + "StreamingInputCall", _encode, _decoder(m.StreamingInputCallResponse))
        self.full_duplex_call = channel.stream_stream(
            p + "FullDuplexCall", _encode, _decoder(m.StreamingOutputCallResponse))
        self.unimplemented_call = channel.unary_unary(p + "UnimplementedCall", _encode, _decoder(e.Empty))
        self.unimplemented_service_call = channel.unary_unary(
            "/" + UNIMPLEMENTED_SERVICE + "/UnimplementedCall", _encode, _decoder(e.Empty))


def _check_body(payload, size, what):
    _expect(len(payload.body) == size, "%s: payload body is %d bytes, expected %d" % (what, len(payload.body), size))
    _expect(payload.body == b"\0" * size, "%s: payload body is not all zeros" % what)


def case_empty_unary(s):
    r = s.empty_call(empty_pb2.Empty(), timeout=s.timeout)
    _expect(r is not None and isinstance(r.msg, empty_pb2.Empty), "no Empty response")


def case_large_unary(s):
    req = messages_pb2.SimpleRequest(response_size=314159, payload=_zeros(271828))
    r = s.unary_call(req, timeout=s.timeout)
    _check_body(r.msg.payload, 314159, "response")


def case_client_compressed_unary(s):
    def req(expect):
        return messages_pb2.SimpleRequest(expect_compressed=messages_pb2.BoolValue(value=expect),
                                          response_size=314159, payload=_zeros(271828))
    # 1. Feature probe: uncompressed request that claims to be compressed.
    try:
        s.unary_call(req(True), timeout=s.timeout)
        raise TestFailure("probe (uncompressed, expect_compressed=true) succeeded; expected INVALID_ARGUMENT")
    except grpc.RpcError as err:
        _expect(err.code() == grpc.StatusCode.INVALID_ARGUMENT,
                "probe: expected INVALID_ARGUMENT, got " + _rpc_text(err))
    # 2. Compressed request.
    r = s.unary_call(req(True), timeout=s.timeout, compression=grpc.Compression.Gzip)
    _check_body(r.msg.payload, 314159, "compressed request's response")
    # 3. Uncompressed request.
    r = s.unary_call(req(False), timeout=s.timeout)
    _check_body(r.msg.payload, 314159, "uncompressed request's response")


def case_server_compressed_unary(s):
    for compressed in (True, False):
        req = messages_pb2.SimpleRequest(response_compressed=messages_pb2.BoolValue(value=compressed),
                                         response_size=314159, payload=_zeros(271828))
        r = s.unary_call(req, timeout=s.timeout)
        _expect(r.compressed == compressed, "response_compressed=%s but the response's compressed flag was %s"
                % (compressed, r.compressed))
        _check_body(r.msg.payload, 314159, "response_compressed=%s response" % compressed)


def case_client_streaming(s):
    sizes = (27182, 8, 1828, 45904)
    reqs = [messages_pb2.StreamingInputCallRequest(payload=_zeros(n)) for n in sizes]
    r = s.streaming_input_call(iter(reqs), timeout=s.timeout)
    _expect(r.msg.aggregated_payload_size == 74922,
            "aggregated_payload_size %d, expected 74922" % r.msg.aggregated_payload_size)


def _send_without_compression_hook():
    """grpcio has no per-message 'do not compress' switch for client streams.

    Its stream consumer builds every SendMessageOperation with the module
    constant grpc._channel._EMPTY_FLAGS, read at that moment; the returned
    context manager swaps in GRPC_WRITE_NO_COMPRESS while the request iterator
    hands over one message (the consumer thread is the only user then).
    """
    import contextlib
    from grpc import _channel
    from grpc._cython import cygrpc
    if not hasattr(_channel, "_EMPTY_FLAGS"):
        raise TestFailure("this grpcio has no _EMPTY_FLAGS hook; cannot send an uncompressed message on a compressed stream")

    @contextlib.contextmanager
    def no_compress():
        _channel._EMPTY_FLAGS = cygrpc.WriteFlag.no_compress
        try:
            yield
        finally:
            _channel._EMPTY_FLAGS = 0
    return no_compress


def case_client_compressed_streaming(s):
    m = messages_pb2
    # 1. Feature probe on its own call: an uncompressed message claiming compression.
    probe = [m.StreamingInputCallRequest(expect_compressed=m.BoolValue(value=True), payload=_zeros(27182))]
    try:
        s.streaming_input_call(iter(probe), timeout=s.timeout)
        raise TestFailure("probe (uncompressed, expect_compressed=true) succeeded; expected INVALID_ARGUMENT")
    except grpc.RpcError as err:
        _expect(err.code() == grpc.StatusCode.INVALID_ARGUMENT,
                "probe: expected INVALID_ARGUMENT, got " + _rpc_text(err))
    # 2. One call: a compressed message, then an uncompressed one.
    no_compress = _send_without_compression_hook()

    def requests():
        yield m.StreamingInputCallRequest(expect_compressed=m.BoolValue(value=True), payload=_zeros(27182))
        with no_compress():
            yield m.StreamingInputCallRequest(expect_compressed=m.BoolValue(value=False), payload=_zeros(45904))

    r = s.streaming_input_call(requests(), timeout=s.timeout, compression=grpc.Compression.Gzip)
    _expect(r.msg.aggregated_payload_size == 73086,
            "aggregated_payload_size %d, expected 73086" % r.msg.aggregated_payload_size)


def case_server_streaming(s):
    sizes = (31415, 9, 2653, 58979)
    req = messages_pb2.StreamingOutputCallRequest(
        response_parameters=[messages_pb2.ResponseParameters(size=n) for n in sizes])
    got = list(s.streaming_output_call(req, timeout=s.timeout))
    _expect(len(got) == 4, "%d responses, expected 4" % len(got))
    for i, (r, n) in enumerate(zip(got, sizes)):
        _check_body(r.msg.payload, n, "response %d" % i)


def case_server_compressed_streaming(s):
    m = messages_pb2
    plan = ((True, 31415), (False, 92653))
    req = m.StreamingOutputCallRequest(response_parameters=[
        m.ResponseParameters(compressed=m.BoolValue(value=c), size=n) for c, n in plan])
    got = list(s.streaming_output_call(req, timeout=s.timeout))
    _expect(len(got) == 2, "%d responses, expected 2" % len(got))
    for i, (r, (c, n)) in enumerate(zip(got, plan)):
        _expect(r.compressed == c, "response %d: compressed flag %s, expected %s" % (i, r.compressed, c))
        _check_body(r.msg.payload, n, "response %d" % i)


def case_ping_pong(s):
    m = messages_pb2
    plan = ((31415, 27182), (9, 8), (2653, 1828), (58979, 45904))
    reqs = _RequestQueue()
    call = s.full_duplex_call(reqs, timeout=s.timeout)
    try:
        for i, (resp_size, req_size) in enumerate(plan):
            reqs.send(m.StreamingOutputCallRequest(response_parameters=[m.ResponseParameters(size=resp_size)],
                                                   payload=_zeros(req_size)))
            try:
                r = next(call)
            except StopIteration:
                raise TestFailure("stream ended after %d responses, expected 4" % i)
            _check_body(r.msg.payload, resp_size, "response %d" % i)
        reqs.close()
        rest = list(call)
        _expect(not rest, "%d extra responses after half-close" % len(rest))
        _expect(call.code() == grpc.StatusCode.OK, "status %s" % call.code())
    finally:
        reqs.close()
        call.cancel()


def case_empty_stream(s):
    call = s.full_duplex_call(iter(()), timeout=s.timeout)
    got = list(call)
    _expect(not got, "%d responses, expected none" % len(got))
    _expect(call.code() == grpc.StatusCode.OK, "status %s" % call.code())


def case_timeout_on_sleeping_server(s):
    reqs = _RequestQueue()
    reqs.send(messages_pb2.StreamingOutputCallRequest(payload=_zeros(27182)))
    call = s.full_duplex_call(reqs, timeout=0.001)
    try:
        got = list(call)
        raise TestFailure("call completed OK with %d responses; expected DEADLINE_EXCEEDED" % len(got))
    except grpc.RpcError as err:
        _expect(err.code() == grpc.StatusCode.DEADLINE_EXCEEDED,
                "expected DEADLINE_EXCEEDED, got " + _rpc_text(err))
    finally:
        reqs.close()


def case_cancel_after_begin(s):
    reqs = _RequestQueue()
    fut = s.streaming_input_call.future(reqs, timeout=s.timeout)
    fut.cancel()
    reqs.close()
    try:
        fut.result()
        raise TestFailure("call completed after cancel; expected CANCELLED")
    except grpc.FutureCancelledError:
        pass
    except grpc.RpcError as err:
        _expect(err.code() == grpc.StatusCode.CANCELLED, "expected CANCELLED, got " + _rpc_text(err))
    _expect(fut.code() == grpc.StatusCode.CANCELLED, "status %s, expected CANCELLED" % fut.code())


def case_cancel_after_first_response(s):
    m = messages_pb2
    reqs = _RequestQueue()
    call = s.full_duplex_call(reqs, timeout=s.timeout)
    try:
        reqs.send(m.StreamingOutputCallRequest(response_parameters=[m.ResponseParameters(size=31415)],
                                               payload=_zeros(27182)))
        r = next(call)
        _check_body(r.msg.payload, 31415, "first response")
        call.cancel()
        try:
            for _ in call:
                pass
        except grpc.RpcError as err:
            _expect(err.code() == grpc.StatusCode.CANCELLED, "expected CANCELLED, got " + _rpc_text(err))
        _expect(call.code() == grpc.StatusCode.CANCELLED, "status %s, expected CANCELLED" % call.code())
    finally:
        reqs.close()


def _status_case(s, code, message):
    m = messages_pb2
    status = m.EchoStatus(code=code, message=message)
    try:
        s.unary_call(m.SimpleRequest(response_status=status), timeout=s.timeout)
        raise TestFailure("UnaryCall succeeded; expected status %d" % code)
    except grpc.RpcError as err:
        _expect(err.code().value[0] == code, "UnaryCall: status %s, expected %d" % (err.code().name, code))
        _expect(err.details() == message, "UnaryCall: message %r, expected %r" % (err.details(), message))
    return status


def case_status_code_and_message(s):
    m = messages_pb2
    code, message = 2, "test status message"
    status = _status_case(s, code, message)
    call = s.full_duplex_call(iter([m.StreamingOutputCallRequest(response_status=status)]), timeout=s.timeout)
    try:
        list(call)
        raise TestFailure("FullDuplexCall succeeded; expected status %d" % code)
    except grpc.RpcError as err:
        _expect(err.code().value[0] == code, "FullDuplexCall: status %s, expected %d" % (err.code().name, code))
        _expect(err.details() == message, "FullDuplexCall: message %r, expected %r" % (err.details(), message))


def case_special_status_message(s):
    _status_case(s, 2, "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001f608\t\n")


def _metadata_dict(md):
    return {k: v for k, v in (md or ())}


def case_custom_metadata(s):
    m = messages_pb2
    initial_value = "test_initial_metadata_value"
    trailing_value = b"\xab\xab\xab"
    md = ((ECHO_INITIAL_KEY, initial_value), (ECHO_TRAILING_KEY, trailing_value))

    def check(what, initial, trailing):
        got_i = _metadata_dict(initial).get(ECHO_INITIAL_KEY)
        got_t = _metadata_dict(trailing).get(ECHO_TRAILING_KEY)
        _expect(got_i == initial_value, "%s: initial metadata %s=%r, expected %r"
                % (what, ECHO_INITIAL_KEY, got_i, initial_value))
        _expect(got_t == trailing_value, "%s: trailing metadata %s=%r, expected %r"
                % (what, ECHO_TRAILING_KEY, got_t, trailing_value))

    r, call = s.unary_call.with_call(m.SimpleRequest(response_size=314159, payload=_zeros(271828)),
                                     metadata=md, timeout=s.timeout)
    _check_body(r.msg.payload, 314159, "UnaryCall response")
    check("UnaryCall", call.initial_metadata(), call.trailing_metadata())

    req = m.StreamingOutputCallRequest(response_parameters=[m.ResponseParameters(size=314159)],
                                       payload=_zeros(271828))
    call = s.full_duplex_call(iter([req]), metadata=md, timeout=s.timeout)
    got = list(call)
    _expect(len(got) == 1, "FullDuplexCall: %d responses, expected 1" % len(got))
    _check_body(got[0].msg.payload, 314159, "FullDuplexCall response")
    check("FullDuplexCall", call.initial_metadata(), call.trailing_metadata())


def case_unimplemented_method(s):
    try:
        s.unimplemented_call(empty_pb2.Empty(), timeout=s.timeout)
        raise TestFailure("UnimplementedCall succeeded; expected UNIMPLEMENTED")
    except grpc.RpcError as err:
        _expect(err.code() == grpc.StatusCode.UNIMPLEMENTED, "expected UNIMPLEMENTED, got " + _rpc_text(err))


def case_unimplemented_service(s):
    try:
        s.unimplemented_service_call(empty_pb2.Empty(), timeout=s.timeout)
        raise TestFailure("UnimplementedService call succeeded; expected UNIMPLEMENTED")
    except grpc.RpcError as err:
        _expect(err.code() == grpc.StatusCode.UNIMPLEMENTED, "expected UNIMPLEMENTED, got " + _rpc_text(err))


CASES = [
    ("empty_unary", case_empty_unary),
    ("large_unary", case_large_unary),
    ("client_streaming", case_client_streaming),
    ("server_streaming", case_server_streaming),
    ("ping_pong", case_ping_pong),
    ("empty_stream", case_empty_stream),
    ("timeout_on_sleeping_server", case_timeout_on_sleeping_server),
    ("cancel_after_begin", case_cancel_after_begin),
    ("cancel_after_first_response", case_cancel_after_first_response),
    ("status_code_and_message", case_status_code_and_message),
    ("special_status_message", case_special_status_message),
    ("custom_metadata", case_custom_metadata),
    ("unimplemented_method", case_unimplemented_method),
    ("unimplemented_service", case_unimplemented_service),
    ("client_compressed_unary", case_client_compressed_unary),
    ("server_compressed_unary", case_server_compressed_unary),
    ("client_compressed_streaming", case_client_compressed_streaming),
    ("server_compressed_streaming", case_server_compressed_streaming),
]


def _make_channel(args):
    target = "%s:%d" % (args.server_host, args.server_port)
    options = list(COMMON_OPTIONS)
    if args.server_host_override:
        options.append(("grpc.ssl_target_name_override", args.server_host_override))
        options.append(("grpc.default_authority", args.server_host_override))
    if args.use_tls:
        root = _read(args.ca) if args.ca else None
        key = _read(args.key) if args.key else None
        cert = _read(args.cert) if args.cert else None
        creds = grpc.ssl_channel_credentials(root_certificates=root, private_key=key, certificate_chain=cert)
        return grpc.secure_channel(target, creds, options=options)
    return grpc.insecure_channel(target, options=options)


def _one_line(text):
    return " ".join(str(text).split()) or "(no detail)"


def _run_case(args, fn):
    channel = _make_channel(args)
    try:
        grpc.channel_ready_future(channel).result(timeout=args.connect_timeout)
        fn(Stubs(channel, args.timeout))
        return None
    except TestFailure as f:
        return _one_line(f)
    except grpc.FutureTimeoutError:
        return "could not connect to %s:%d within %ss" % (args.server_host, args.server_port, args.connect_timeout)
    except grpc.RpcError as err:
        return _one_line("unexpected RPC error " + _rpc_text(err))
    except Exception as ex:  # a bug in the peer or a malformed message
        return _one_line("%s: %s" % (type(ex).__name__, ex))
    finally:
        channel.close()


def run_client(args):
    names = dict(CASES)
    if args.test_case == "all":
        failures = 0
        for name, fn in CASES:
            reason = _run_case(args, fn)
            if reason is None:
                print("PASS " + name, flush=True)
            else:
                failures += 1
                print("FAIL %s: %s" % (name, reason), flush=True)
        return min(failures, 125)
    fn = names.get(args.test_case)
    if fn is None:
        sys.stderr.write("unknown test case %r; known: %s, all\n" % (args.test_case, ", ".join(names)))
        return 2
    reason = _run_case(args, fn)
    if reason is None:
        print("PASS " + args.test_case, flush=True)
        return 0
    sys.stderr.write("FAIL %s: %s\n" % (args.test_case, reason))
    return 1


# --------------------------------------------------------------------------
# Bench client
# --------------------------------------------------------------------------

def _percentile(sorted_values, p):
    if not sorted_values:
        return None
    idx = min(len(sorted_values) - 1, max(0, int(round(p / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[idx]


def run_bench(args):
    m = messages_pb2
    channel = _make_channel(args)
    grpc.channel_ready_future(channel).result(timeout=args.connect_timeout)
    stubs = Stubs(channel, args.timeout)
    size = args.payload
    deadline = time.monotonic() + args.seconds
    errors = []
    lock = threading.Lock()

    if args.mode == "unary":
        req = m.SimpleRequest(response_size=size, payload=_zeros(size))
        latencies = []

        def worker():
            mine = []
            try:
                while time.monotonic() < deadline:
                    t0 = time.perf_counter()
                    stubs.unary_call(req, timeout=args.timeout)
                    mine.append(time.perf_counter() - t0)
            except Exception as ex:
                errors.append(_one_line(ex))
            with lock:
                latencies.extend(mine)

        start = time.monotonic()
        threads = [threading.Thread(target=worker) for _ in range(args.concurrency)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - start
        latencies.sort()
        result = {
            "mode": "unary", "concurrency": args.concurrency, "seconds": round(elapsed, 3),
            "payload_bytes": size, "calls": len(latencies),
            "calls_per_s": round(len(latencies) / elapsed, 1) if elapsed > 0 else None,
            "p50_us": round(_percentile(latencies, 50) * 1e6, 1) if latencies else None,
            "p99_us": round(_percentile(latencies, 99) * 1e6, 1) if latencies else None,
            "errors": len(errors),
        }
    elif args.mode == "flood":
        # One FullDuplexCall; requests as fast as grpcio pulls them, responses counted concurrently.
        req = m.StreamingOutputCallRequest(response_parameters=[m.ResponseParameters(size=size)],
                                           payload=_zeros(size))
        sent = [0]

        def requests():
            while time.monotonic() < deadline:
                sent[0] += 1
                yield req

        start = time.monotonic()
        received = 0
        try:
            for _ in stubs.full_duplex_call(requests(), timeout=args.seconds + 30):
                received += 1
        except grpc.RpcError as err:
            errors.append(_rpc_text(err))
        elapsed = time.monotonic() - start
        result = {
            "mode": "flood", "seconds": round(elapsed, 3), "payload_bytes": size, "messages": received,
            "sent": sent[0], "messages_per_s": round(received / elapsed, 1) if elapsed > 0 else None,
            "errors": len(errors),
        }
    else:
        req = m.StreamingOutputCallRequest(response_parameters=[m.ResponseParameters(size=size)],
                                           payload=_zeros(size))
        counts = []

        def stream_worker():
            window = threading.Semaphore(args.window)
            reqs = _RequestQueue()
            call = stubs.full_duplex_call(reqs, timeout=args.seconds + 30)
            received = [0]

            def reader():
                try:
                    for _ in call:
                        received[0] += 1
                        window.release()
                except grpc.RpcError as err:
                    if err.code() != grpc.StatusCode.CANCELLED:
                        errors.append(_rpc_text(err))

            rt = threading.Thread(target=reader)
            rt.start()
            while time.monotonic() < deadline:
                if window.acquire(timeout=0.1):
                    reqs.send(req)
            reqs.close()
            rt.join(timeout=30)
            with lock:
                counts.append(received[0])

        start = time.monotonic()
        threads = [threading.Thread(target=stream_worker) for _ in range(args.concurrency)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - start
        total = sum(counts)
        result = {
            "mode": "stream", "streams": args.concurrency, "window": args.window,
            "seconds": round(elapsed, 3), "payload_bytes": size, "messages": total,
            "messages_per_s": round(total / elapsed, 1) if elapsed > 0 else None,
            "errors": len(errors),
        }
    if errors:
        result["first_error"] = errors[0]
    channel.close()
    print(json.dumps(result), flush=True)
    return 0 if not errors else 1


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------

def _bool(text):
    v = str(text).strip().lower()
    if v in ("1", "true", "yes", "on"):
        return True
    if v in ("0", "false", "no", "off", ""):
        return False
    raise argparse.ArgumentTypeError("not a boolean: %r" % text)


def _parser():
    p = argparse.ArgumentParser(description="gRPC interop peer on python3-grpcio")
    sub = p.add_subparsers(dest="command", required=True)

    srv = sub.add_parser("server", help="run the interop TestService server")
    srv.add_argument("--port", type=int, required=True, help="0 picks a free port")
    srv.add_argument("--bind", default="[::]", help="listen address (default [::], i.e. all)")
    srv.add_argument("--use_tls", type=_bool, default=False)
    srv.add_argument("--cert", help="server certificate chain (PEM)")
    srv.add_argument("--key", help="server private key (PEM)")
    srv.add_argument("--client_ca", help="require client certificates signed by this CA (PEM)")
    srv.add_argument("--workers", type=int, default=128)

    def client_flags(c):
        c.add_argument("--server_host", default="localhost")
        c.add_argument("--server_port", type=int, required=True)
        c.add_argument("--server_host_override", default=None)
        c.add_argument("--use_tls", type=_bool, default=False)
        c.add_argument("--use_test_ca", type=_bool, default=False, help="accepted for compatibility; use --ca")
        c.add_argument("--ca", help="trusted root CA (PEM) for TLS")
        c.add_argument("--cert", help="client certificate chain (PEM) for mutual TLS")
        c.add_argument("--key", help="client private key (PEM) for mutual TLS")
        c.add_argument("--timeout", type=float, default=30.0, help="per-call deadline in seconds")
        c.add_argument("--connect_timeout", type=float, default=10.0)

    cli = sub.add_parser("client", help="run one interop test case (or all)")
    client_flags(cli)
    cli.add_argument("--test_case", required=True)

    bench = sub.add_parser("bench-client", help="measure unary latency or bidi stream throughput")
    client_flags(bench)
    bench.add_argument("--mode", choices=("unary", "stream", "flood"), default="unary")
    bench.add_argument("--seconds", type=float, default=5.0)
    bench.add_argument("--concurrency", type=int, default=1)
    bench.add_argument("--payload", type=int, default=16, help="request and response payload bytes")
    bench.add_argument("--window", type=int, default=64, help="stream mode: messages in flight per stream")

    for sp in (srv, cli, bench):
        sp.add_argument("--protos_dir", default=None, help="folder holding empty/messages/test.proto")
    return p


def main(argv):
    global empty_pb2, messages_pb2
    args = _parser().parse_args(argv)
    try:
        empty_pb2, messages_pb2 = _load_generated_modules(_find_protos_dir(args.protos_dir))
    except Exception as ex:
        sys.stderr.write("interop_peer: %s\n" % _one_line(ex))
        return 3
    if args.command == "server":
        return run_server(args)
    if args.command == "client":
        return run_client(args)
    return run_bench(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
