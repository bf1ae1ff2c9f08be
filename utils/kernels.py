"""One kernel configuration for every tool that runs notebooks (tests, book, benchmarks).

ipykernel 7 warns "Kernel is running over TCP without encryption" when a kernel gets no
CurveZMQ keys. Asking the kernel manager for keys (``transport_encryption="auto"``) removes the
cause of the warning instead of filtering it; where pyzmq lacks Curve support, encryption is
switched off explicitly.

>>> config = quiet_kernel_config()
>>> config.KernelManager.transport_encryption in ("auto", "disabled")
True
"""
from __future__ import annotations


def quiet_kernel_config():
    """A traitlets ``Config`` for nbclient's ``NotebookClient(..., config=...)``."""
    import zmq
    from traitlets.config import Config

    return Config({"KernelManager": {
        "transport_encryption": "auto" if zmq.has("curve") else "disabled"}})
