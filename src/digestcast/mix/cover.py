"""Show artwork: the configured cover, checked against what podcast apps accept, or one drawn
from the show's title (3000x3000 RGB PNG)."""

from __future__ import annotations

import colorsys
import contextlib
import hashlib
import io
import textwrap
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError
from PIL.PngImagePlugin import PngInfo

from digestcast.config import Settings
from digestcast.errors import ConfigError
from digestcast.fsio import write_bytes_atomic
from digestcast.mix.tags import cover_jpeg

MIN_SIDE, MAX_SIDE = 1400, 3000
SIDE = 3000
FONT_FILES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
)
TITLE_KEY = "digestcast-title"
ART_RECIPE = "1"  # part of a kept JPEG's name: change it when cover_jpeg changes
DRAWING_RECIPE = "1"  # part of a kept drawn cover's name: change it when draw_cover changes


def check_cover(path: Path) -> None:
    """Raise ConfigError unless `path` is a square 1400-3000 px RGB JPEG or PNG."""
    try:
        with Image.open(path) as img:
            fmt, mode, (w, h) = img.format, img.mode, img.size
    except FileNotFoundError:
        raise ConfigError(f"{path}: cover image not found") from None
    except (OSError, UnidentifiedImageError) as exc:
        raise ConfigError(f"{path}: cannot read the cover image ({exc})") from None
    if fmt not in ("JPEG", "PNG"):
        raise ConfigError(f"{path}: the cover must be JPEG or PNG, not {fmt}")
    if path.suffix.lower() not in (".jpg", ".jpeg", ".png"):
        raise ConfigError(f"{path}: the cover's name must end in .jpg, .jpeg or .png")
    if w != h:
        raise ConfigError(f"{path}: the cover must be square, not {w}x{h}")
    if not MIN_SIDE <= w <= MAX_SIDE:
        raise ConfigError(f"{path}: the cover must be 1400 to 3000 px wide, not {w}")
    if mode != "RGB":
        raise ConfigError(f"{path}: the cover must be RGB without transparency, not {mode}")


@dataclass(frozen=True)
class CoverArt:
    """The show's cover: the picture published beside the feed, and the small JPEG the
    episode's tags embed."""

    path: Path
    jpeg: bytes


def cover_art(settings: Settings, out_dir: Path) -> CoverArt:
    """The show's cover (`ensure_cover`, drawn in `out_dir` when needed) and its JPEG."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = ensure_cover(settings, out_dir)
    return CoverArt(path, kept_jpeg(path))


def kept_jpeg(cover: Path, folder: Path | None = None) -> bytes:
    """`cover_jpeg(cover)`, kept in the user's cache folder under the cover's digest: scaling
    a 3000 px cover costs ~0.2 s of CPU at every build, a third of an unchanged rebuild's."""
    try:
        digest = hashlib.sha256(cover.read_bytes()).hexdigest()[:32]
    except OSError:
        return cover_jpeg(cover)  # (which says what is wrong with it)
    folder = folder or Path(platformdirs.user_cache_dir("digestcast")) / "art"
    kept = folder / f"{digest}-{ART_RECIPE}.jpg"
    try:
        data = kept.read_bytes()
        if data:
            return data
    except OSError:
        pass
    jpeg = cover_jpeg(cover)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(kept, jpeg)
    except OSError:
        pass  # (kept next time, maybe)
    return jpeg


def ensure_cover(settings: Settings, out_dir: Path) -> Path:
    """The show's cover: `settings.show.cover` once checked, else `out_dir/cover.png` drawn from
    the show title (kept, or copied from the published one, when it was already drawn for the
    same title)."""
    if settings.show.cover is not None:
        check_cover(settings.show.cover)
        return settings.show.cover
    title = settings.show.title
    target = out_dir / "cover.png"
    if target.is_file() and _drawn_for(target) == title:
        return target
    published = settings.output_dir / "cover.png"  # drawn by an earlier build?
    if published.is_file() and _drawn_for(published) == title:
        write_bytes_atomic(target, published.read_bytes())
    else:
        write_bytes_atomic(target, kept_drawing(title))
    return target


def kept_drawing(title: str, folder: Path | None = None) -> bytes:
    """`draw_cover(title)`, kept in the user's cache folder under the title's digest: drawing
    and compressing 3000x3000 pixels costs ~0.18 s of CPU in every first build of a show into
    an output folder (a new folder, a CI run, the benchmark's fresh builds)."""
    digest = hashlib.sha256(title.encode("utf-8")).hexdigest()[:32]
    folder = folder or Path(platformdirs.user_cache_dir("digestcast")) / "art"
    kept = folder / f"{digest}-drawn-{DRAWING_RECIPE}.png"
    if kept.is_file() and _drawn_for(kept) == title:
        with contextlib.suppress(OSError):
            return kept.read_bytes()
    png = draw_cover(title)
    with contextlib.suppress(OSError):  # (kept next time, maybe)
        folder.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(kept, png)
    return png


def _drawn_for(path: Path) -> str | None:
    try:
        with Image.open(path) as img:
            value = img.info.get(TITLE_KEY)
    except (OSError, UnidentifiedImageError):
        return None
    return value if isinstance(value, str) else None


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in FONT_FILES:
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def _palette(title: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """A dark background and a light accent, picked from the title so each show differs."""
    hue = int(hashlib.sha256(title.encode("utf-8")).hexdigest()[:4], 16) / 0xFFFF
    bg = colorsys.hls_to_rgb(hue, 0.22, 0.55)
    accent = colorsys.hls_to_rgb((hue + 0.08) % 1.0, 0.72, 0.75)
    return (
        (round(bg[0] * 255), round(bg[1] * 255), round(bg[2] * 255)),
        (round(accent[0] * 255), round(accent[1] * 255), round(accent[2] * 255)),
    )


def draw_cover(title: str) -> bytes:
    """A 3000x3000 RGB PNG: the title, large and centred, over a plain colour with a bar."""
    bg, accent = _palette(title)
    img = Image.new("RGB", (SIDE, SIDE), bg)
    draw = ImageDraw.Draw(img)
    margin = SIDE // 10
    draw.rectangle((margin, SIDE - margin - 60, SIDE - margin, SIDE - margin), fill=accent)
    size, lines = 360, [title]
    while size >= 120:
        lines = textwrap.wrap(title, max(4, int((SIDE - 2 * margin) / (size * 0.58)))) or [title]
        font = _font(size)
        widths = [draw.textlength(line, font=font) for line in lines]
        if max(widths) <= SIDE - 2 * margin and len(lines) * size * 1.2 <= SIDE - 3 * margin:
            break
        size -= 20
    font = _font(size)
    height = len(lines) * size * 1.2
    y = (SIDE - height) / 2 - margin / 2
    for line in lines:
        w = draw.textlength(line, font=font)
        draw.text(((SIDE - w) / 2, y), line, font=font, fill=(255, 255, 255))
        y += size * 1.2
    meta = PngInfo()
    meta.add_text(TITLE_KEY, title)
    buf = io.BytesIO()
    img.save(buf, "PNG", pnginfo=meta, compress_level=1)  # flat colours: fast is small enough
    return buf.getvalue()
