"""No network beyond this machine for a crewai process started by the compatibility tests.

On the ``PYTHONPATH`` of a crewai process, Python imports this module at start-up. Every
look-up of a host name other than the loopback names then fails as an unknown host would,
and the name is appended to the file ``$CREWTUI_NETGUARD_LOG`` (one a line). Proxies do not
cover everything: crewai 1.3.0 sends trace batches to app.crewai.com with a session that
ignores the proxy settings.
"""

from __future__ import annotations

import os
import socket
from typing import Any

_LOCAL = {"127.0.0.1", "localhost", "::1", "0.0.0.0", "", None}
_real_getaddrinfo = socket.getaddrinfo


def _guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
    name = host.decode() if isinstance(host, bytes) else host
    if name not in _LOCAL and not str(name).startswith("127."):
        log = os.environ.get("CREWTUI_NETGUARD_LOG")
        if log:
            with open(log, "a", encoding="utf-8") as out:
                out.write(f"{name}\n")
        raise socket.gaierror(socket.EAI_NONAME, f"no network beyond 127.0.0.1: {name}")
    return _real_getaddrinfo(host, *args, **kwargs)


socket.getaddrinfo = _guarded
