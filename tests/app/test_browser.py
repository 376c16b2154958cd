"""The trainer in a real browser: `tpm-trainer serve` on a free local port, opened in headless
Chromium (Debian's package, driven by Playwright; no browser is ever downloaded). One practice
question is answered and its score read back from the terminal in the page.

The terminal is drawn by xterm.js on a canvas, so the text is read from xterm's buffer: an init
script notes the Terminal object when xterm creates it, and `page.evaluate` reads its rows.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tpm_trainer.bank import load_bank
from tpm_trainer.scoring import score_answer
from tpm_trainer.store import Store

REPO = Path(__file__).resolve().parents[2]
BANK = REPO / "tests" / "fixtures" / "bank"
COMMAND = Path(sys.executable).parent / "tpm-trainer"
CHROMIUM = Path(os.environ.get("TPM_TRAINER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
DEADLINE_MS = 30_000
WEAK_ROLLOUT = "Push it everywhere all at once."
STRONG_ROLLOUT = "A canary first, then waves, watching the error rate, and we roll back if it rises."

# Runs before the page's scripts: xterm's public Terminal assigns `this._core` in its constructor,
# so a setter on Object.prototype sees every such object once and keeps those that have a buffer.
CAPTURE_TERMINAL = """
(() => {
  window.__terminals = [];
  Object.defineProperty(Object.prototype, '_core', {
    configurable: true,
    set(value) {
      Object.defineProperty(this, '_core', {value, writable: true, configurable: true, enumerable: false});
      window.__terminals.push(this);
    },
  });
})();
"""
SCREEN_TEXT = """
() => {
  const terminal = (window.__terminals || []).find(t => t.buffer && t.buffer.active && t.buffer.active.getLine);
  if (!terminal) return '';
  const buffer = terminal.buffer.active;
  const rows = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : '');
  }
  return rows.join('\\n');
}
"""

pytestmark = pytest.mark.slow


def browser_or_skip():  # -> playwright's sync API module
    if not CHROMIUM.exists():
        pytest.skip(
            f"no Chromium at {CHROMIUM} (install Debian's `chromium` package, as .ci/run does); "
            "the browser test cannot run"
        )
    try:
        from playwright import sync_api
    except ImportError as error:
        pytest.skip(f"the playwright package is not installed ({error}); install the dev extra")
    if not COMMAND.exists():
        pytest.skip(f"the tpm-trainer command is not installed at {COMMAND}")
    return sync_api


def seed_weak_answer(db_path: Path) -> None:
    """A No hire answer to fx-rollout five days ago, so the question is due and in the history."""
    bank = load_bank([BANK / "questions"], [BANK / "rubrics"])
    question = bank.questions["fx-rollout"]
    when = (datetime.now(UTC) - timedelta(days=5)).isoformat(timespec="seconds")
    store = Store.open(db_path)
    try:
        store.save_attempt(
            question_id=question.id,
            category=question.category,
            answer=WEAK_ROLLOUT,
            started_at=when,
            ended_at=when,
            mode="practice",
            report=score_answer(WEAK_ROLLOUT, bank.rubric_for(question.id)),
            prompt=question.prompt,
        )
    finally:
        store.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen, deadline: float = 30.0) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if process.poll() is not None:
            raise AssertionError(f"tpm-trainer serve exited early:\n{process.stdout.read() if process.stdout else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"tpm-trainer serve did not listen on port {port} within {deadline}s")


def wait_for_text(page, pattern: str, timeout_ms: int = DEADLINE_MS) -> str:
    """Wait until the terminal shows `pattern` (a regular expression); return the screen."""
    try:
        page.wait_for_function(
            f"() => new RegExp({pattern!r}, 'm').test(({SCREEN_TEXT})())", timeout=timeout_ms, polling=50
        )
    except Exception:
        raise AssertionError(f"`{pattern}` did not appear; the page shows:\n{page.evaluate(SCREEN_TEXT)}") from None
    return str(page.evaluate(SCREEN_TEXT))


def keys_until(page, keys: list[str], pattern: str, attempts: int = 5) -> str:
    """Send keys until their effect shows. Keys that arrive while a new screen is still being set
    up can land on the screen before it, so a step whose effect does not show is sent again."""
    for attempt in range(attempts):
        for key in keys:
            page.keyboard.press(key)
        try:
            return wait_for_text(page, pattern, timeout_ms=2_000 if attempt < attempts - 1 else DEADLINE_MS)
        except AssertionError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def test_serve_answers_a_practice_question_in_headless_chromium(tmp_path):
    sync_api = browser_or_skip()
    db_path = tmp_path / "browser.db"
    seed_weak_answer(db_path)
    port = free_port()
    environment = {**os.environ, "TPM_TRAINER_DB": str(db_path)}
    server = subprocess.Popen(
        [
            str(COMMAND),
            "--db",
            str(db_path),
            "--bank",
            str(BANK / "questions"),
            "--rubrics",
            str(BANK / "rubrics"),
            "serve",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=environment,
        start_new_session=True,  # its own process group, so the app it starts is stopped with it
    )
    try:
        wait_for_port(port, server)
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                page.add_init_script(CAPTURE_TERMINAL)
                started = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded")
                wait_for_text(page, "Mock interview")
                home_painted = time.perf_counter() - started
                paints = page.evaluate(
                    "() => Object.fromEntries(performance.getEntriesByType('paint').map(e => [e.name, e.startTime]))"
                )
                print(
                    f"\nbrowser: first paint {paints.get('first-paint', float('nan')):.0f} ms, "
                    f"first contentful paint {paints.get('first-contentful-paint', float('nan')):.0f} ms, "
                    f"home screen drawn by the trainer {home_painted * 1000:.0f} ms after navigation"
                )

                page.locator(".xterm").click()
                # the weak answer seeded five days ago is due again
                wait_for_text(page, r"Due today \(1\)")
                page.keyboard.press("h")
                wait_for_text(page, r"History")
                wait_for_text(page, r"Roll out a change")
                page.keyboard.press("Enter")  # open the attempt
                wait_for_text(page, r"\d+/100")
                page.keyboard.press("t")  # try again: one practice question
                wait_for_text(page, r"Practice ·")
                # the editor takes focus once the screen is set up; a first letter sent before that
                # is lost, so it is sent until the word count shows it
                keys_until(page, ["A"], r"\b1 word\b")
                page.keyboard.type(STRONG_ROLLOUT[1:])
                wait_for_text(page, rf"\b{len(STRONG_ROLLOUT.split())} words\b")
                page.keyboard.press("Control+s")
                screen = wait_for_text(page, r"Interviewer follow-up|vs previous attempt")
                if "vs previous attempt" not in screen:
                    page.keyboard.press("Control+n")  # skip the follow-up
                    screen = wait_for_text(page, r"vs previous attempt")
                shown = re.search(r"(\d+)/100\s+(Strong hire|Hire|Lean no hire|No hire)", screen)
                assert shown, screen
            finally:
                browser.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)

    with sqlite3.connect(db_path) as connection:
        stored = connection.execute(
            "select question_id, score, band, answer from attempts where parent_attempt_id is null order by id"
        ).fetchall()
    assert len(stored) == 2
    question_id, score, band, answer = stored[1]
    assert question_id == "fx-rollout" and answer.endswith(STRONG_ROLLOUT[1:])
    assert int(shown.group(1)) == round(score) and shown.group(2) == band
