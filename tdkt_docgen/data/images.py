"""Signature and seal images: read and check a PNG, and size it as Decree 30 asks (nd30.md §6)."""

from __future__ import annotations

import io
import warnings
from decimal import Decimal
from pathlib import Path

from docx.image.image import Image

from .. import nd30
from ..document.tables import Picture
from ..errors import DocgenError
from .reading import SMALL_LIMIT, read_bytes

MAX_PIXELS = 25_000_000  # a 5000 × 5000 scan of a seal is plenty; a larger "image" is a decompression bomb


class ImageProblem(ValueError):
    """Why an image file cannot be used (Vietnamese, without the path: the caller names it)."""


def beside_data(folder: Path, name: str | Path) -> Path:
    """The image a data file names (``chu_ky: anh-ky/son-la.png``), which must lie in the data file's folder or
    below it, links followed (a data file must not read any picture of the machine); ImageProblem otherwise."""
    path = folder / name
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a loop of links
        inside = False
    if not inside:
        raise ImageProblem("ảnh phải nằm trong thư mục của tệp dữ liệu hoặc một thư mục con của nó (không dùng "
                           "đường dẫn tuyệt đối, '..' hay liên kết ra ngoài)")
    return path


def read_png(path: Path) -> tuple[bytes, int, int]:
    """The bytes and pixel size of a PNG file, or ImageProblem saying what is wrong with it."""
    try:
        data = read_bytes(path, "tệp ảnh", DocgenError, SMALL_LIMIT)
    except DocgenError as error:
        raise ImageProblem(error.message.rstrip(".")) from None
    try:
        image = Image.from_blob(data)
    except Exception:  # UnrecognizedImageError, or struct/index errors on a damaged file
        raise ImageProblem("tệp không phải là ảnh đọc được") from None
    if image.content_type != "image/png":
        raise ImageProblem("ảnh phải ở định dạng PNG nền trong suốt (Nghị định 30/2020/NĐ-CP)")
    if image.px_width < 1 or image.px_height < 1:
        raise ImageProblem("ảnh rỗng (0 điểm ảnh)")
    if image.px_width * image.px_height > MAX_PIXELS:
        raise ImageProblem(f"ảnh quá lớn ({image.px_width} × {image.px_height} điểm ảnh; tối đa "
                           f"{MAX_PIXELS // 1_000_000} triệu điểm ảnh), có thể là tệp hỏng hoặc cố ý làm treo máy")
    _check_pixels(data)
    return data, image.px_width, image.px_height


def _check_pixels(data: bytes) -> None:
    """The whole PNG decodes (its pixel data is not cut short or corrupt)."""
    import PIL.Image  # Pillow only when there are images

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PIL.Image.DecompressionBombWarning)
            with PIL.Image.open(io.BytesIO(data)) as picture:
                picture.load()
    except (OSError, SyntaxError, ValueError, PIL.Image.DecompressionBombError, PIL.Image.DecompressionBombWarning,
            EOFError):
        raise ImageProblem("tệp ảnh PNG bị hỏng (dữ liệu điểm ảnh không đọc được)") from None


def signature_picture(path: Path, box_width_cm: float | None = None) -> Picture:
    """The signer's image, scaled to fit the signature box (narrower when its cell is), proportions kept."""
    data, width, height = read_png(path)
    box_width, box_height = nd30.SIGNATURE_IMAGE_BOX_CM
    box_width = box_width if box_width_cm is None else min(box_width, box_width_cm)
    scale = min(box_width / width, box_height / height)
    return Picture(data, width * scale, height * scale)


def seal_picture(path: Path, size_mm: Decimal | float) -> Picture:
    """The seal image at the seal's real size: ``size_mm`` is its width (its diameter when round)."""
    data, width, height = read_png(path)
    width_cm = float(size_mm) / 10
    return Picture(data, width_cm, width_cm * height / width)
