"""Measures the backprop kernel: start-up (launch to kernel_info reply) and a trivial cell's round trip.

    JUPYTER_PATH=PREFIX/share/jupyter python3 measure.py [STARTS] [CELLS]

Start-up is timed two ways. As Jupyter sees it: from KernelManager.start_kernel to the kernel_info reply that
wait_for_ready waits for (jupyter_client's own handshake included). And bare: a ZeroMQ socket that retries every 2 ms
asks kernel_info of a kernel launched from the same kernelspec, timed from the launch to the reply, which is the
kernel's own part. A round trip is from sending execute_request for the cell `1` to having both its execute_reply and
its idle status. Prints one JSON object.
"""
import hashlib
import hmac
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import zmq
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager

KERNEL = "backprop"


def main(starts, cells):
    startup, rounds, rss = [], [], []
    for _ in range(starts):
        km = KernelManager(kernel_name=KERNEL)
        clock = time.perf_counter()
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        startup.append(time.perf_counter() - clock)
        kc.execute_interactive("1", timeout=10, output_hook=lambda msg: None)
        for _ in range(cells):
            clock = time.perf_counter()
            kc.execute_interactive("1", timeout=10, output_hook=lambda msg: None)
            rounds.append(time.perf_counter() - clock)
        with open(f"/proc/{km.provisioner.process.pid}/status") as status:
            rss += [int(line.split()[1]) for line in status if line.startswith("VmRSS:")]
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    bare = [bare_start() for _ in range(starts)]
    print(json.dumps({
        "bare_startup_median_ms": round(1000 * statistics.median(bare), 1),
        "starts": starts,
        "startup_median_ms": round(1000 * statistics.median(startup), 1),
        "startup_min_ms": round(1000 * min(startup), 1),
        "startup_max_ms": round(1000 * max(startup), 1),
        "cells": len(rounds),
        "cell_median_ms": round(1000 * statistics.median(rounds), 2),
        "cell_p90_ms": round(1000 * sorted(rounds)[int(0.9 * len(rounds))], 2),
        "rss_after_cells_mb": round(statistics.median(rss) / 1024, 1),
    }))


def bare_start():
    def free_port():
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]

    key = uuid.uuid4().hex.encode()
    ports = {name: free_port() for name in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")}
    connection = dict(ports, ip="127.0.0.1", transport="tcp", key=key.decode(), signature_scheme="hmac-sha256")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(connection, file)
    shell = zmq.Context.instance().socket(zmq.DEALER)
    shell.setsockopt(zmq.RECONNECT_IVL, 2)
    shell.setsockopt(zmq.LINGER, 0)
    shell.connect(f"tcp://127.0.0.1:{ports['shell_port']}")
    header = json.dumps({"msg_id": uuid.uuid4().hex, "session": "measure", "username": "measure",
                         "msg_type": "kernel_info_request", "version": "5.3"}).encode()
    parts = [header, b"{}", b"{}", b"{}"]
    mac = hmac.new(key, digestmod=hashlib.sha256)
    for part in parts:
        mac.update(part)
    argv = [a.replace("{connection_file}", file.name) for a in KernelSpecManager().get_kernel_spec(KERNEL).argv]
    clock = time.perf_counter()
    kernel = subprocess.Popen(argv, stderr=subprocess.DEVNULL)
    shell.send_multipart([b"<IDS|MSG>", mac.hexdigest().encode()] + parts)
    if not shell.poll(60000):
        raise TimeoutError("no kernel_info reply in 60 s")
    took = time.perf_counter() - clock
    shell.recv_multipart()
    kernel.terminate()
    kernel.wait()
    shell.close()
    os.remove(file.name)
    return took


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5, int(sys.argv[2]) if len(sys.argv) > 2 else 200)
