"""Frames between the app and its verifier worker: a 4-byte length, then the payload.

Requests (app -> worker) are pickled: they come from the app itself. Replies (worker -> app)
are JSON only: the worker runs deck author code, and nothing it sends may build objects in
the app's process.
"""

from __future__ import annotations

import json
import os
import pickle
import struct
from typing import Any

MAX_REPLY = 16 * 1024 * 1024  # bytes: a reply larger than this is a misbehaving worker


class Closed(Exception):
    """The other end closed the pipe (it exited or was killed)."""


def _read_exactly(fd: int, n: int) -> bytes:
    chunks, left = [], n
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise Closed
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _write(fd: int, payload: bytes) -> None:
    data = struct.pack(">I", len(payload)) + payload
    while data:
        try:
            written = os.write(fd, data)
        except (BrokenPipeError, OSError):
            raise Closed from None
        data = data[written:]


def read_frame(fd: int, limit: int = MAX_REPLY) -> bytes:
    (size,) = struct.unpack(">I", _read_exactly(fd, 4))
    if size > limit:
        raise Closed
    return _read_exactly(fd, size)


def send_request(fd: int, request: dict[str, Any]) -> None:
    _write(fd, pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL))


def read_request(fd: int) -> dict[str, Any]:
    request = pickle.loads(read_frame(fd, limit=1 << 30))
    assert isinstance(request, dict)
    return request


def send_reply(fd: int, reply: dict[str, Any]) -> None:
    _write(fd, json.dumps(reply, allow_nan=True).encode())


def decode_reply(frame: bytes) -> dict[str, Any]:
    reply = json.loads(frame)
    if not isinstance(reply, dict):
        raise ValueError("not a reply")
    return reply
