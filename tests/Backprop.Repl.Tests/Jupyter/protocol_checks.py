"""Drives the backprop kernel through the real Jupyter protocol (jupyter_client, pyzmq) and prints what it saw.

    python3 protocol_checks.py WORKDIR

The kernelspec must be where Jupyter finds it (JUPYTER_PATH). The kernel runs in WORKDIR. The output is one JSON
object on stdout: for each check, the replies and outputs the kernel sent (or the Python error that stopped the
check), for the C# tests (JupyterProtocolTests) to judge. Every wait here is bounded, and each check stops itself.
"""
import datetime
import hashlib
import hmac
import json
import os
import signal
import statistics
import sys
import time
import traceback
import uuid

import zmq
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager

RESULTS = {}
WORKDIR = sys.argv[1]

# The spiral network of examples/spiral.bp, for a cell that runs long enough to be interrupted.
SPIRAL = """data = spiral()
X = data[:, 0:2]
t = data[:, 2]
:set seed 1984
W1 = randn(2, 10) * sqrt(1/2)
b1 = zeros(10)
W2 = randn(10, 3) * sqrt(1/10)
b2 = zeros(3)
y = affine(sigmoid(affine(X, W1, b1)), W2, b2)
loss = softmax_with_loss(y, t)"""
LONG_CELL = ":train loss wrt W1, b1, W2, b2 data X, t batch=30 epochs=1000000 lr=1"


def check(name):
    def wrap(body):
        started = time.perf_counter()
        try:
            RESULTS[name] = body()
        except Exception:  # the check failed; the C# test shows why
            RESULTS[name] = {"python_error": traceback.format_exc()}
        RESULTS[name]["seconds"] = round(time.perf_counter() - started, 3)
        return body
    return wrap


def start():
    km = KernelManager(kernel_name="backprop")
    clock = time.perf_counter()
    km.start_kernel(cwd=WORKDIR)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    return km, kc, time.perf_counter() - clock


def pid_of(km):
    provisioner = getattr(km, "provisioner", None)
    process = getattr(provisioner, "process", None) or getattr(km, "kernel", None)
    return process.pid


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def shell_reply(kc, msg_id, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            msg = kc.get_shell_msg(timeout=0.5)
        except Exception:
            continue
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg
    raise TimeoutError(f"no reply to {msg_id} in {timeout} s")


def run(kc, code, allow_stdin=False, answers=None, timeout=20, on_busy=None):
    """Executes a cell; returns its reply's content, its outputs in order, and the stdin prompts it sent."""
    msg_id = kc.execute(code, allow_stdin=allow_stdin, stop_on_error=False)
    outputs, prompts, statuses, reply, idle = [], [], [], None, False
    deadline = time.time() + timeout
    busy_seen = False
    while not (idle and reply is not None):
        if time.time() > deadline:
            raise TimeoutError(f"cell did not finish in {timeout} s: {code[:60]!r}")
        if answers is not None:
            try:
                request = kc.get_stdin_msg(timeout=0)
                prompts.append(request["content"]["prompt"])
                kc.input(answers[len(prompts) - 1] if len(prompts) <= len(answers) else "")
            except Exception:
                pass
        try:
            msg = kc.get_iopub_msg(timeout=0.02)
            if msg["parent_header"].get("msg_id") == msg_id:
                kind = msg["msg_type"]
                if kind == "status":
                    statuses.append(msg["content"]["execution_state"])
                    if msg["content"]["execution_state"] == "idle":
                        idle = True
                    elif not busy_seen:
                        busy_seen = True
                        if on_busy:
                            on_busy()
                elif kind in ("stream", "display_data", "execute_result", "error", "update_display_data", "execute_input"):
                    outputs.append({"msg_type": kind, "content": msg["content"]})
        except Exception:
            pass
        if reply is None:
            try:
                msg = kc.get_shell_msg(timeout=0)
                if msg["parent_header"].get("msg_id") == msg_id:
                    reply = msg["content"]
            except Exception:
                pass
    return {"reply": reply, "outputs": outputs, "prompts": prompts, "statuses": statuses}


def request(kc, send, timeout=10):
    msg = shell_reply(kc, send(), timeout)
    return msg["content"]


# ---- raw messages, for what a proper client never sends ----

def sign(key, parts):
    mac = hmac.new(key, digestmod=hashlib.sha256)
    for part in parts:
        mac.update(part)
    return mac.hexdigest().encode()


def raw_message(msg_type, content, key, signature=None):
    header = json.dumps({"msg_id": str(uuid.uuid4()), "session": "raw", "username": "test", "msg_type": msg_type,
                         "version": "5.3", "date": datetime.datetime.now(datetime.timezone.utc).isoformat()}).encode()
    parts = [header, b"{}", b"{}", json.dumps(content).encode()]
    return [b"<IDS|MSG>", sign(key, parts) if signature is None else signature] + parts


def raw_socket(km):
    info = km.get_connection_info()
    socket = zmq.Context.instance().socket(zmq.DEALER)
    socket.setsockopt(zmq.LINGER, 0)
    socket.connect(f"tcp://{info['ip']}:{info['shell_port']}")
    return socket, info["key"] if isinstance(info["key"], bytes) else info["key"].encode()


def replies(socket, wait, until=None):
    """Every message that comes back within `wait` seconds (or until one of type `until`), as (msg_type, content)."""
    got = []
    deadline = time.time() + wait
    while time.time() < deadline and not any(t == until for t, _ in got):
        if socket.poll(50):
            frames = socket.recv_multipart()
            at = frames.index(b"<IDS|MSG>")
            got.append((json.loads(frames[at + 2])["msg_type"], json.loads(frames[at + 5])))
    return got


def main():
    @check("kernelspec")
    def _():
        manager = KernelSpecManager()
        specs = manager.find_kernel_specs()
        spec = manager.get_kernel_spec("backprop")
        folder = specs["backprop"]
        return {"found": "backprop" in specs, "language": spec.language, "display_name": spec.display_name,
                "interrupt_mode": spec.interrupt_mode, "argv": spec.argv,
                "files": sorted(os.listdir(folder))}

    km, kc, startup = start()
    timings = {"startup_seconds": [startup]}
    RESULTS["timings"] = timings

    @check("heartbeat")
    def _():
        info = km.get_connection_info()
        ping = zmq.Context.instance().socket(zmq.REQ)
        ping.setsockopt(zmq.LINGER, 0)
        ping.connect(f"tcp://{info['ip']}:{info['hb_port']}")
        ping.send(b"ping")
        echo = ping.recv() if ping.poll(5000) else None
        ping.close()
        return {"echo": echo.decode() if echo else None}

    @check("kernel_info")
    def _():
        return request(kc, kc.kernel_info)

    @check("cells")
    def _():
        cells = {}
        for name, code in [
            ("seed", ":grad (1*2)*(10+20)"),
            ("value", "(1*2)*(10+20)"),
            ("two_values", "1 + 1\n2 + 2"),
            ("assignments", "x = 3\ny = x * x"),
            ("sees_earlier_cell", "y + 1"),
            ("picture", ":grad --picture (1*2)*(10+20)"),
            ("trace", ":trace x*x + 1"),
            ("check", ":check x*x + 1"),
            ("hessian", "p = 1\nq = 2\n:hessian p^2*q + q^3"),
            ("vars", ":vars"),
            ("graph", ":graph (1*2)*(10+20)"),
            ("dot", ":dot (1*2)*(10+20)"),
            ("matrix", "W = [[1, -2],\n     [3, 4]]\n:grad sum(W @ W)"),
            ("function", "f(z) = z^2 + 1\nf(3)"),
            ("warning", "e = 3"),
            ("train", "v = 5\n:train (v - 2)^2 wrt v epochs=20 lr=0.1"),
            ("write_outside", ":dot 1*2 > ../escaped.svg"),
            ("write_inside", ":dot 1*2 > inside.svg"),
        ]:
            cells[name] = run(kc, code)
        cells["inside_written"] = os.path.exists(os.path.join(WORKDIR, "inside.svg")) or os.path.exists(os.path.join(WORKDIR, "inside.dot"))
        cells["escaped_written"] = os.path.exists(os.path.join(os.path.dirname(WORKDIR), "escaped.svg"))
        return cells

    @check("error")
    def _():
        failed = run(kc, "g = 2\nh = g +* 3\nk = 1")
        return {"failed": failed, "after": run(kc, "k"), "kept": run(kc, "g")}

    @check("abort")
    def _():
        # "Run all": the second cell is queued while the first runs; the first fails, so the second must not run.
        first = kc.execute(":check sum(randn(200, 200))\naborted_x = 1 +", stop_on_error=True)
        second = kc.execute("aborted_y = 2")
        replies = {first: None, second: None}
        deadline = time.time() + 20
        while None in replies.values() and time.time() < deadline:
            try:
                msg = kc.get_shell_msg(timeout=0.5)
            except Exception:
                continue
            if msg["parent_header"].get("msg_id") in replies:
                replies[msg["parent_header"]["msg_id"]] = msg["content"]
        return {"first": replies[first], "second": replies[second], "after": run(kc, "aborted_y")}

    @check("complete")
    def _():
        run(kc, "weight = 2")
        return {
            "function": request(kc, lambda: kc.complete("si", 2)),
            "command": request(kc, lambda: kc.complete(":gr", 3)),
            "variable": request(kc, lambda: kc.complete("1 + wei", 7)),
            "inside": request(kc, lambda: kc.complete("(1*wei", 6)),
        }

    @check("is_complete")
    def _():
        return {code: request(kc, lambda code=code: kc.is_complete(code)) for code in
                ["f(1,", "1 + 2", "W = [[1, 2],", "(1 + 2))", "", ":grad (1*2)*(10+20)", "f(1,\n"]}

    @check("inspect")
    def _():
        return {
            "command": request(kc, lambda: kc.inspect(":grad (1*2)", 3)),
            "layer": request(kc, lambda: kc.inspect("sigmoid(x)", 3)),
            "variable": request(kc, lambda: kc.inspect("weight + 1", 2)),
            "unknown": request(kc, lambda: kc.inspect("qqq", 1)),
        }

    @check("history")
    def _():
        return request(kc, lambda: kc.history(hist_access_type="tail", n=3))

    @check("comm_info")
    def _():
        return request(kc, kc.comm_info)

    @check("quiz")
    def _():
        return {
            "stdin": run(kc, ":quiz (1*2)*3", allow_stdin=True, answers=["3", "2", "6", "3"]),
            "no_stdin": run(kc, ":quiz (1*2)*3", allow_stdin=False),
            "in_cell": run(kc, ":quiz (1*2)*3\n3\n2\n6\n3", allow_stdin=True, answers=[]),
        }

    @check("overhead")
    def _():
        run(kc, "1")
        rounds = []
        for _ in range(40):
            clock = time.perf_counter()
            run(kc, "1")
            rounds.append(time.perf_counter() - clock)
        timings["cell_round_trip_median_ms"] = round(1000 * statistics.median(rounds), 2)
        timings["cell_round_trip_mean_ms"] = round(1000 * statistics.mean(rounds), 2)
        return {"rounds": len(rounds)}

    @check("interrupt")
    def _():
        run(kc, "kept_before = 7\n" + SPIRAL)
        sent = {}

        def interrupt():
            time.sleep(0.7)
            sent["at"] = time.perf_counter()
            km.interrupt_kernel()

        long = run(kc, LONG_CELL, on_busy=interrupt, timeout=30)
        took = time.perf_counter() - sent["at"]
        return {"long": long, "stopped_after_seconds": round(took, 3), "after": run(kc, "kept_before + 1")}

    @check("sigint")
    def _():
        def interrupt():
            time.sleep(0.7)
            os.kill(pid_of(km), signal.SIGINT)

        long = run(kc, LONG_CELL, on_busy=interrupt, timeout=30)
        idle_signal = None
        os.kill(pid_of(km), signal.SIGINT)  # with no cell running: the kernel stays up
        time.sleep(0.3)
        idle_signal = km.is_alive()
        return {"long": long, "alive_after_idle_signal": idle_signal, "after": run(kc, "kept_before + 2")}

    @check("forged")
    def _():
        socket, key = raw_socket(km)
        socket.send_multipart(raw_message("execute_request", {"code": "forged = 1", "silent": False}, b"not-the-key"))
        socket.send_multipart(raw_message("execute_request", {"code": "forged = 2", "silent": False}, key, signature=b""))
        socket.send_multipart(raw_message("execute_request", {"code": "forged = 3", "silent": False}, key, signature=b"zz" * 32))
        forged_replies = replies(socket, 0.8)
        socket.send_multipart(raw_message("kernel_info_request", {}, key))
        genuine = replies(socket, 5, until="kernel_info_reply")
        socket.close()
        return {"forged_replies": forged_replies, "genuine_replies": [t for t, _ in genuine],
                "alive": km.is_alive(), "forged_ran": run(kc, "forged")}

    @check("malformed")
    def _():
        socket, key = raw_socket(km)
        header = json.dumps({"msg_id": "m1", "session": "raw", "username": "t", "msg_type": "kernel_info_request", "version": "5.3"}).encode()
        bad_json = [header, b"{}", b"{}", b"{not json"]
        array_header = [b"[1, 2]", b"{}", b"{}", b"{}"]
        no_type = [json.dumps({"msg_id": "m2"}).encode(), b"{}", b"{}", b"{}"]
        socket.send_multipart([b"<IDS|MSG>", sign(key, bad_json)] + bad_json)
        socket.send_multipart([b"<IDS|MSG>", sign(key, array_header)] + array_header)
        socket.send_multipart([b"<IDS|MSG>", sign(key, no_type)] + no_type)
        socket.send_multipart([b"no delimiter at all"])
        socket.send_multipart([b"<IDS|MSG>", b"sig", b"{}"])
        socket.send_multipart([b"\xff\xfe" * 1000])
        socket.send_multipart(raw_message("frobnicate_request", {"x": 1}, key))
        socket.send_multipart(raw_message("execute_request", {"code": 42}, key))
        dropped = replies(socket, 0.8)
        socket.send_multipart(raw_message("kernel_info_request", {}, key))
        genuine = replies(socket, 5, until="kernel_info_reply")
        socket.close()
        return {"replies_to_malformed": dropped, "genuine_replies": [t for t, _ in genuine], "alive": km.is_alive(),
                "still_runs": run(kc, "1 + 1")}

    @check("memory")
    def _():
        cells = [":grad (1*2)*(10+20)", "m = 3\n:trace m*m + 1", "M = [[1, 2], [3, 4]]\n:grad sum(M @ M)",
                 ":graph (1*2)*(10+20)", ":check m^3", "m * 2"]
        for i in range(30):
            run(kc, cells[i % len(cells)])
        pid = pid_of(km)
        before = rss_kb(pid)
        clock = time.perf_counter()
        for i in range(200):
            result = run(kc, cells[i % len(cells)])
            if result["reply"]["status"] != "ok":
                raise AssertionError(f"cell {i} failed: {result}")
        seconds = time.perf_counter() - clock
        after = rss_kb(pid)
        timings["cells_200_seconds"] = round(seconds, 3)
        return {"rss_before_kb": before, "rss_after_kb": after, "cells": 200}

    @check("restart")
    def _():
        run(kc, "r = 5")
        old = pid_of(km)
        clock = time.perf_counter()
        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=60)
        timings["restart_seconds"] = round(time.perf_counter() - clock, 3)
        return {"new_process": pid_of(km) != old, "after": run(kc, "r"), "count": run(kc, "1")}

    @check("shutdown")
    def _():
        process = km.provisioner.process if getattr(km, "provisioner", None) else km.kernel
        clock = time.perf_counter()
        km.shutdown_kernel(now=False)
        took = time.perf_counter() - clock
        kc.stop_channels()
        return {"alive": km.is_alive(), "exit_code": process.poll(), "seconds_to_exit": round(took, 3)}

    print(json.dumps(RESULTS))


if __name__ == "__main__":
    main()
