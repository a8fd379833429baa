"""Building and reading ``struct lsm_ctx`` (include/uapi/linux/lsm.h) the way userspace does.

Each entry is a 32-byte header of four native-endian ``__u64`` (``id``, ``flags``, ``len``,
``ctx_len``), then ``ctx_len`` bytes of context, then zero padding up to ``len``, which the
kernel rounds up to a multiple of 8. Entries are packed back to back; walk them by ``len``.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

LSM_CTX_HEADER = struct.Struct("=QQQQ")
"""The 32-byte header: id, flags, len, ctx_len."""


@dataclass(frozen=True)
class LsmCtx:
    """One ``struct lsm_ctx`` entry as read back from user memory."""

    id: int
    flags: int
    len: int
    ctx_len: int
    ctx: bytes

    @property
    def text(self) -> str:
        """``ctx`` as a string, without the terminating NUL a label carries."""
        raw = self.ctx[:-1] if self.ctx.endswith(b"\0") else self.ctx
        return raw.decode("utf-8", "replace")


def lsm_ctx_entry_size(ctx_len: int) -> int:
    """``ALIGN(32 + ctx_len, 8)``: the ``len`` the kernel writes for ``ctx_len`` bytes."""
    return (LSM_CTX_HEADER.size + ctx_len + 7) // 8 * 8


def lsm_ctx_pack(id: int, ctx: bytes | str, flags: int = 0) -> bytes:
    """One entry for ``lsm_set_self_attr``; a ``str`` gets its NUL terminator appended."""
    raw = ctx.encode() + b"\0" if isinstance(ctx, str) else bytes(ctx)
    size = lsm_ctx_entry_size(len(raw))
    entry = LSM_CTX_HEADER.pack(id, flags, size, len(raw)) + raw
    return entry + bytes(size - len(entry))


def lsm_ctx_unpack(buf: bytes | bytearray | memoryview, size: int | None = None) -> list[LsmCtx]:
    """The entries in the first ``size`` bytes of ``buf`` (all of it if None), walked by len.

    Raises ValueError for an entry that runs past ``size`` or whose ``len`` cannot hold its
    header and ctx: what a careful selftest would flag.
    """
    data = bytes(buf[: len(buf) if size is None else size])
    out: list[LsmCtx] = []
    off = 0
    while off < len(data):
        if len(data) - off < LSM_CTX_HEADER.size:
            raise ValueError(f"truncated lsm_ctx header at offset {off}")
        id_, flags, length, ctx_len = LSM_CTX_HEADER.unpack_from(data, off)
        if length < LSM_CTX_HEADER.size + ctx_len or off + length > len(data):
            raise ValueError(f"bad lsm_ctx at offset {off}: len {length}, ctx_len {ctx_len}")
        start = off + LSM_CTX_HEADER.size
        out.append(LsmCtx(id_, flags, length, ctx_len, data[start : start + ctx_len]))
        off += length
    return out


def lsm_ids_unpack(buf: bytes | bytearray | memoryview, count: int) -> list[int]:
    """The ``count`` u64 ids ``lsm_list_modules`` wrote into ``buf``."""
    return list(struct.unpack_from(f"={count}Q", bytes(buf)))
