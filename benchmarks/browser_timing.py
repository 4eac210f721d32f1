"""Click -> DOM-updated latency, measured inside the page.

The clock runs in the browser (``performance.now()``), so Playwright's own
round trips to the browser are not in the number: page JS installs a
``MutationObserver``, takes t0, dispatches ``element.click()`` and resolves at
the first mutation after which the expected state holds.  For a widget that
is: click -> comm message over the kernel websocket -> kernel -> update back
-> DOM patched.

Usage (any Playwright sync ``Page``)::

    from benchmarks.browser_timing import Step, measure_steps

    result = measure_steps(page, [
        Step(click=".floor-toggle button:nth-child(2)", expect=".floor-table [data-option='B']"),
        Step(click=".floor-toggle button:nth-child(1)", expect=".floor-table [data-option='A']"),
    ], repetitions=30)
    print(result.median_ms, result.p95_ms)

Steps are cycled, so a toggle can be flipped back and forth.  ``expect`` is a
CSS selector that must match *after* the click and must not match before it
(checked, so a wrong selector cannot yield 0 ms).  ``expect_js`` is an
alternative: the source of a JS function ``() => boolean``.

Keyboard steps (:class:`KeyStep`, also run by :func:`measure_steps`) are for controls driven
by keys, e.g. a slider handle and ArrowRight: the key is pressed by Playwright
(a trusted event, as a user's), and the clock starts in the page when the
``keydown`` reaches the window (capture phase), so Playwright's round trip is
again not in the number.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["KeyStep", "Step", "TimingResult", "measure_click", "measure_key", "measure_steps", "percentile"]


@dataclass(frozen=True)
class Step:
    click: str
    """CSS selector of the element to click (first match; must be unique enough)."""
    expect: str | None = None
    """CSS selector that matches once the update has landed in the DOM."""
    expect_js: str | None = None
    """Alternatively: JS source of a ``() => boolean`` predicate."""


@dataclass(frozen=True)
class KeyStep:
    focus: str
    """CSS selector of the element to focus (first match), e.g. a slider handle."""
    key: str
    """Playwright key name, e.g. ``"ArrowRight"``."""
    expect_js: str
    """JS source of a *factory* ``() => (() => boolean)``: called before the key is
    pressed (so it can remember the state before, e.g. an image's ``src``), it returns
    the predicate that holds once the update has landed."""


@dataclass
class TimingResult:
    name: str
    samples_ms: list[float] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.samples_ms)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95_ms(self) -> float:
        return percentile(self.samples_ms, 95)

    @property
    def min_ms(self) -> float:
        return min(self.samples_ms)

    @property
    def max_ms(self) -> float:
        return max(self.samples_ms)

    def summary(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "n": self.n,
            "median_ms": round(self.median_ms, 1),
            "p95_ms": round(self.p95_ms, 1),
            "min_ms": round(self.min_ms, 1),
            "max_ms": round(self.max_ms, 1),
        }

    def to_dict(self) -> dict[str, Any]:
        return {**self.summary(), "samples_ms": [round(s, 2) for s in self.samples_ms]}


def percentile(samples: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 30 samples is the 29th smallest)."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


_MEASURE_JS = """
async ({click, expect, expectJs, timeoutMs}) => {
  const target = document.querySelector(click);
  if (!target) throw new Error(`click target not found: ${click}`);
  const done = expectJs
    ? (0, eval)(`(${expectJs})`)
    : () => document.querySelector(expect) !== null;
  if (done()) throw new Error(`expected state already holds before the click: ${expect || expectJs}`);
  return await new Promise((resolve, reject) => {
    let t0 = 0;
    const observer = new MutationObserver(() => {
      if (done()) {
        const t1 = performance.now();
        observer.disconnect();
        clearTimeout(timer);
        resolve(t1 - t0);
      }
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`no DOM update matching ${expect || expectJs} within ${timeoutMs} ms`));
    }, timeoutMs);
    observer.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
    t0 = performance.now();
    target.click();
  });
}
"""


def measure_click(page: Any, step: Step, *, timeout_ms: float = 10_000) -> float:
    """One click; milliseconds from dispatching the click to the expected DOM state."""
    if (step.expect is None) == (step.expect_js is None):
        raise ValueError("give exactly one of expect= or expect_js=")
    return float(
        page.evaluate(
            _MEASURE_JS,
            {
                "click": step.click,
                "expect": step.expect,
                "expectJs": step.expect_js,
                "timeoutMs": timeout_ms,
            },
        )
    )


def measure_steps(
    page: Any,
    steps: Sequence[Step | KeyStep],
    *,
    repetitions: int = 30,
    warmup: int = 2,
    pause_s: float = 0.15,
    timeout_ms: float = 10_000,
    name: str = "steps",
) -> TimingResult:
    """Cycle through ``steps`` (clicks or key presses) ``warmup + repetitions`` times; keep the last ``repetitions``.

    ``pause_s`` lets trailing messages (kernel ``status: idle`` etc.) drain
    between steps, so each sample starts from a quiet connection.
    """
    if not steps:
        raise ValueError("need at least one step")
    result = TimingResult(name=name)
    for i in range(warmup + repetitions):
        step = steps[i % len(steps)]
        measure = measure_key if isinstance(step, KeyStep) else measure_click
        elapsed = measure(page, step, timeout_ms=timeout_ms)
        if i >= warmup:
            result.samples_ms.append(elapsed)
        time.sleep(pause_s)
    return result


_ARM_KEY_JS = """
({focus, expectJs, timeoutMs}) => {
  const target = document.querySelector(focus);
  if (!target) throw new Error(`focus target not found: ${focus}`);
  target.focus();
  if (document.activeElement !== target) throw new Error(`could not focus ${focus}`);
  const done = (0, eval)(`(${expectJs})`)();
  if (done()) throw new Error(`expected state already holds before the key: ${expectJs}`);
  window.__yibaoKeyTiming = new Promise((resolve, reject) => {
    let t0 = null;
    const onKey = () => { if (t0 === null) t0 = performance.now(); };
    window.addEventListener('keydown', onKey, {capture: true});
    const finish = () => { observer.disconnect(); clearTimeout(timer); window.removeEventListener('keydown', onKey, {capture: true}); };
    const observer = new MutationObserver(() => {
      if (t0 !== null && done()) {
        const t1 = performance.now();
        finish();
        resolve(t1 - t0);
      }
    });
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`no DOM update matching ${expectJs} within ${timeoutMs} ms (keydown seen: ${t0 !== null})`));
    }, timeoutMs);
    observer.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
  });
  return true;
}
"""


def measure_key(page: Any, step: KeyStep, *, timeout_ms: float = 10_000) -> float:
    """One key press; milliseconds from the ``keydown`` reaching the page to the expected DOM state."""
    page.evaluate(_ARM_KEY_JS, {"focus": step.focus, "expectJs": step.expect_js, "timeoutMs": timeout_ms})
    page.keyboard.press(step.key)
    return float(page.evaluate("() => window.__yibaoKeyTiming"))
