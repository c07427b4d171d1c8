"""The show website in a real browser: Debian's Chromium, driven by Playwright (no browser
download), loads the pages of two real episodes (pyttsx3, real ffmpeg) from `digestcast serve`.
axe-core (shipped by the axe-playwright-python package) checks every WCAG 2.2 AA rule at phone,
tablet and desktop widths in light and dark schemes; the player is checked through the audio
element itself. Screenshots are kept in output/test-artifacts/site/ (git-ignored)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Locator, Page, Response, sync_playwright
from typer.testing import CliRunner

from digestcast.cli import app
from digestcast.serve import ShowServer
from tests.conftest import DATA, REPO, need_tool

ISSUES = [DATA / "e2e" / "short-issue.txt", DATA / "site" / "garden-weekly.md"]
ARTIFACTS = REPO / "output" / "test-artifacts" / "site"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
PAGES = ["show", "episode"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A served output folder holding two real episodes: its base URL and the path of the
    garden issue's episode page."""
    root = tmp_path_factory.mktemp("site")
    out = _built(root, root / "out")
    (page,) = (out / "episodes").glob("*garden*.html")
    with ShowServer(out, "127.0.0.1", 0) as server:
        yield server.base_url, page.relative_to(out).as_posix()


@pytest.fixture(scope="module")
def site(served: tuple[str, str]) -> str:
    return served[0]


@pytest.fixture(scope="module")
def episode_page(served: tuple[str, str]) -> str:
    return served[1]


def _page(name: str, episode: str) -> str:
    return episode if name == "episode" else "index.html"


def _built(root: Path, out: Path) -> Path:
    for issue in ISSUES:
        args = ["build", str(issue), "--engine", "pyttsx3", "--out", str(out)]
        args += ["--cache-dir", str(root / "cache"), "--base-url", "http://127.0.0.1:8765/"]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=need_tool("chromium"), headless=True, args=FLAGS
        )
        yield launched
        launched.close()


def _open(browser: Browser, url: str, width: int, scheme: str = "light") -> Page:
    page = browser.new_page(
        viewport={"width": width, "height": 900},
        color_scheme=scheme,  # type: ignore[arg-type]
    )
    page.goto(url, wait_until="load")
    return page


def _axe_violations(page: Page) -> list[dict[str, object]]:
    axe = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text("utf-8")
    page.add_script_tag(content=axe)
    found = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA
    )
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in found["violations"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [320, 768, 1280])
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_wcag_22_aa_violation(
    site: str, browser: Browser, episode_page: str, path: str, width: int, scheme: str
) -> None:
    page = _open(browser, site + _page(path, episode_page), width, scheme)
    try:
        violations = _axe_violations(page)
    finally:
        page.close()
    assert violations == [], json.dumps(violations, indent=1)


@pytest.mark.parametrize("width", [320, 640])  # 640: a 1280 px window at 200% zoom
@pytest.mark.parametrize("path", PAGES)
def test_no_horizontal_scroll_from_320_px(
    site: str, browser: Browser, episode_page: str, path: str, width: int
) -> None:
    page = _open(browser, site + _page(path, episode_page), width)
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    page.close()
    assert widths[0] <= widths[1] == width


def test_focus_is_visible_and_the_skip_link_appears(
    site: str, browser: Browser, episode_page: str
) -> None:
    page = _open(browser, site + episode_page, 320)
    page.keyboard.press("Tab")
    skip = page.evaluate(
        "(() => { const a = document.activeElement, s = getComputedStyle(a);"
        " const r = a.getBoundingClientRect();"
        " return [a.textContent, s.outlineStyle, parseFloat(s.outlineWidth), r.left, r.top]; })()"
    )
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    second = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    page.close()
    text, style, width, left, top = skip
    assert text == "Skip to content" and style == "solid" and width >= 2
    assert 0 <= left < 320 and 0 <= top < 900  # on screen once focused
    assert second == "solid"


def test_reduced_motion_turns_smooth_scrolling_off(
    site: str, browser: Browser, episode_page: str
) -> None:
    behaviours = []
    for motion in ("no-preference", "reduce"):
        page = browser.new_page(reduced_motion=motion)  # type: ignore[arg-type]
        page.goto(site + episode_page)
        behaviours.append(
            page.evaluate("getComputedStyle(document.documentElement).scrollBehavior")
        )
        page.close()
    assert behaviours == ["smooth", "auto"]


def _audio_ready(page: Page) -> None:
    page.wait_for_function("document.querySelector('audio[data-player]').readyState >= 1")


def test_clicking_a_chapter_seeks_the_audio_to_its_start(
    site: str, browser: Browser, episode_page: str
) -> None:
    page = _open(browser, site + episode_page, 1280)
    _audio_ready(page)
    chapter = page.locator("[data-chapter]").nth(2)
    start = _number(chapter, "data-start")
    chapter.click()
    now = page.evaluate("document.querySelector('audio[data-player]').currentTime")
    page.wait_for_function("document.querySelector('[data-chapter][aria-current]') !== null")
    marked = page.locator("[data-chapter][aria-current]").get_attribute("data-start")
    url = page.url
    later = page.locator("[data-chapter]").nth(3)
    later_start = _number(later, "data-start")
    later.focus()
    page.keyboard.press("Enter")  # from the keyboard too
    by_key = page.evaluate("document.querySelector('audio[data-player]').currentTime")
    page.close()
    assert start > 20 and now == pytest.approx(start, abs=0.3)
    assert by_key == pytest.approx(later_start, abs=0.3)
    assert marked == f"{start:.2f}"
    assert re.search(r"#t=0:\d\d$", url)


def _number(locator: Locator, attribute: str) -> float:
    return float(locator.get_attribute(attribute) or "nan")


def test_the_captions_track_loads_its_cues(site: str, browser: Browser, episode_page: str) -> None:
    page = _open(browser, site + episode_page, 1280)
    page.wait_for_function(
        "(() => { const t = document.querySelector('audio[data-player]').textTracks[0];"
        " return t && t.cues && t.cues.length > 0; })()"
    )
    cues = page.evaluate(
        "Array.from(document.querySelector('audio[data-player]').textTracks[0].cues)"
        ".map(c => [c.startTime, c.text])"
    )
    kind = page.evaluate("document.querySelector('audio[data-player]').textTracks[0].kind")
    page.close()
    assert kind == "captions"
    assert len(cues) >= 10 and cues[0][0] == 0
    assert any("Seed Library" in text for _, text in cues)


def test_the_transcript_marks_the_sentence_at_the_audio_time(
    site: str, browser: Browser, episode_page: str
) -> None:
    page = _open(browser, site + episode_page, 1280)
    _audio_ready(page)
    sentences = page.locator("[data-t]")
    expected, at = sentences.nth(8).inner_text(), _number(sentences.nth(8), "data-t")
    page.evaluate(f"document.querySelector('audio[data-player]').currentTime = {at + 0.5}")
    page.wait_for_function("document.querySelectorAll('[data-t].now').length === 1")
    marked = page.locator("[data-t].now").inner_text()
    sentences.nth(3).click()  # a sentence seeks the audio
    sought = page.evaluate("document.querySelector('audio[data-player]').currentTime")
    clicked_at = _number(sentences.nth(3), "data-t")
    page.close()
    assert marked == expected
    assert sought == pytest.approx(clicked_at, abs=0.3)


def test_a_time_in_the_address_seeks_and_the_buttons_skip_and_change_speed(
    site: str, browser: Browser, episode_page: str
) -> None:
    page = _open(browser, site + episode_page + "#t=0:45", 1280)
    _audio_ready(page)
    page.wait_for_function("document.querySelector('audio[data-player]').currentTime > 44")
    page.get_by_role("button", name="Back 15 s").click()
    back = page.evaluate("document.querySelector('audio[data-player]').currentTime")
    page.get_by_role("button", name="Forward 30 s").focus()
    page.keyboard.press("Enter")  # the controls work from the keyboard
    forward = page.evaluate("document.querySelector('audio[data-player]').currentTime")
    page.get_by_label("Speed").select_option("1.5")
    rate = page.evaluate("document.querySelector('audio[data-player]').playbackRate")
    page.close()
    assert back == pytest.approx(30, abs=0.3)
    assert forward == pytest.approx(60, abs=0.3)
    assert rate == 1.5


def _shot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [320, 1280])
def test_screenshots_of_the_show_and_an_episode_page(
    site: str, browser: Browser, episode_page: str, width: int, scheme: str
) -> None:
    shots = []
    for name, path in (("show", "index.html"), ("episode", episode_page)):
        page = _open(browser, site + path, width, scheme)
        if name == "episode":
            _audio_ready(page)
            page.locator("[data-t]").nth(12).click()  # a sentence and its chapter marked
            page.wait_for_function("document.querySelector('[data-t].now') !== null")
        shots.append(_shot(page, f"{name}-{width}-{scheme}"))
        page.close()
    print("screenshots:", *shots, sep="\n  ")
    for shot in shots:
        with Image.open(shot) as image:
            assert image.size[0] == width
            low, high = image.convert("L").getextrema()
            assert low < 80 and high > 180  # text drawn on its background, not a blank page


@pytest.mark.parametrize("path", PAGES)
def test_a_page_weighs_under_100_kb_before_the_audio(
    site: str, browser: Browser, episode_page: str, path: str
) -> None:
    responses: list[Response] = []
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("response", lambda response: responses.append(response))
    page.goto(site + _page(path, episode_page), wait_until="networkidle")
    before_audio = {
        r.url: len(r.body()) for r in responses if r.status == 200 and ".mp3" not in r.url
    }
    page.close()
    assert site + _page(path, episode_page) in before_audio
    assert any(u.endswith(".css") for u in before_audio)
    assert any(u.endswith("cover.jpg") for u in before_audio)
    print(path, "page weight before the audio:", before_audio)
    assert sum(before_audio.values()) < 100_000, before_audio
