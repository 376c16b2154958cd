"""Benchmark the trainer in a browser: time to first paint of `tpm-trainer serve` in headless Chromium,
against a minimal Textual app served the same way (textual-serve) in the same run.

Run:  python benchmarks/browser_first_paint.py [--runs N]

For each run a server is started on a free local port, a fresh page opens it, and two times are taken
from the start of navigation: the browser's first contentful paint (the page itself), and the moment
the app's first screen is in the terminal (xterm's buffer shows its text). Debian's Chromium at
/usr/bin/chromium is driven with Playwright (no browser is downloaded). The medians are printed with
the ratio trainer / minimal app. Nothing is written outside a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = Path(os.environ.get("TPM_TRAINER_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-dev-shm-usage"]  # fmt: skip
COMMAND = Path(sys.executable).parent / "tpm-trainer"
CAPTURE_TERMINAL = """
(() => {
  window.__terminals = [];
  Object.defineProperty(Object.prototype, '_core', {configurable: true, set(value) {
    Object.defineProperty(this, '_core', {value, writable: true, configurable: true, enumerable: false});
    window.__terminals.push(this);
  }});
})();
"""
SHOWS = """
(needle) => (window.__terminals || []).some(t => {
  if (!t.buffer || !t.buffer.active) return false;
  for (let y = 0; y < t.rows; y++) {
    const line = t.buffer.active.getLine(t.buffer.active.viewportY + y);
    if (line && line.translateToString(true).includes(needle)) return true;
  }
  return false;
})
"""
MINIMAL_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("minimal app ready")
        yield Footer()

Minimal().run()
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(command: list[str], port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    end = time.monotonic() + 30
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.05)
    stop(process)
    raise SystemExit(f"the server `{shlex.join(command)}` did not listen on port {port}")


def stop(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def measure(browser, command: list[str], port: int, needle: str) -> tuple[float, float]:
    """(first contentful paint, app's first screen) in milliseconds from the start of navigation."""
    server = start(command, port)
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.add_init_script(CAPTURE_TERMINAL)
        started = time.perf_counter()
        page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded")
        page.wait_for_function(SHOWS, arg=needle, timeout=60_000, polling=20)
        screen_ms = (time.perf_counter() - started) * 1000
        paint = page.evaluate(
            "() => (performance.getEntriesByName('first-contentful-paint')[0] || {startTime: NaN}).startTime"
        )
        page.close()
        return float(paint), screen_ms
    finally:
        stop(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    if not CHROMIUM.exists():
        raise SystemExit(f"no Chromium at {CHROMIUM}: install Debian's `chromium` package")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        app_file = Path(folder) / "minimal_app.py"
        app_file.write_text(MINIMAL_APP, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        results: dict[str, list[tuple[float, float]]] = {"minimal": [], "trainer": []}
        try:
            for run in range(options.runs):
                port = free_port()
                serve_minimal = (
                    "from textual_serve.server import Server; "
                    f"Server({shlex.join([sys.executable, str(app_file)])!r}, host='127.0.0.1', port={port}).serve()"
                )
                results["minimal"].append(
                    measure(browser, [sys.executable, "-c", serve_minimal], port, "minimal app ready")
                )
                port = free_port()
                db = Path(folder) / f"run{run}.db"
                trainer = [str(COMMAND), "--db", str(db), "serve", "--port", str(port)]
                results["trainer"].append(measure(browser, trainer, port, "Mock interview"))
        finally:
            browser.close()
    medians = {
        name: (statistics.median(p for p, _ in runs), statistics.median(s for _, s in runs))
        for name, runs in results.items()
    }
    for name, (paint, screen) in medians.items():
        print(f"{name:8} first contentful paint {paint:6.0f} ms · first screen of the app {screen:6.0f} ms")
    ratio = medians["trainer"][1] / medians["minimal"][1]
    print(f"trainer / minimal app, first screen: {ratio:.2f}x (median of {options.runs} runs each)")


if __name__ == "__main__":
    main()
