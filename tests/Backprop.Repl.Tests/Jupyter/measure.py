"""Measures the backprop kernel: start-up (launch to kernel_info reply) and a trivial cell's round trip.

    JUPYTER_PATH=PREFIX/share/jupyter python3 measure.py [STARTS] [CELLS]

Start-up is timed from KernelManager.start_kernel to the kernel_info reply that wait_for_ready waits for, so it
includes the process start, binding the five sockets and the first answer. A round trip is from sending
execute_request for the cell `1` to having both its execute_reply and its idle status. Prints one JSON object.
"""
import json
import statistics
import sys
import time

from jupyter_client import KernelManager

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
    print(json.dumps({
        "starts": starts,
        "startup_median_ms": round(1000 * statistics.median(startup), 1),
        "startup_min_ms": round(1000 * min(startup), 1),
        "startup_max_ms": round(1000 * max(startup), 1),
        "cells": len(rounds),
        "cell_median_ms": round(1000 * statistics.median(rounds), 2),
        "cell_p90_ms": round(1000 * sorted(rounds)[int(0.9 * len(rounds))], 2),
        "rss_after_cells_mb": round(statistics.median(rss) / 1024, 1),
    }))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5, int(sys.argv[2]) if len(sys.argv) > 2 else 200)
