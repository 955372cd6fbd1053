"""What a file really is, read from its content: the one answer the upload check and every
download share. The uploader's name and the first bytes decide nothing alone: an image must
decode as an image, a PDF must start and end as one, a Word or Excel file must be a zip holding
the parts that make it one. What matches no kind is None, and is served only as bytes to save
(`partybloc.downloads`)."""

import re
import zipfile

from django.conf import settings

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
OCTET_STREAM = "application/octet-stream"

CONTENT_TYPES = {
    "pdf": PDF,
    "jpg": "image/jpeg",
    "png": "image/png",
    "docx": DOCX,
    "xlsx": XLSX,
    "doc": "application/msword",
}
# Kinds a browser may show rather than save, once the content is checked: its PDF viewer and
# its image decoder run no script of ours.
SHOWN_INLINE = frozenset({"pdf", "jpg", "png"})

_SIGNATURES = (
    ("pdf", b"%PDF-"),
    ("jpg", b"\xff\xd8\xff"),
    ("png", b"\x89PNG\r\n\x1a\n"),
    ("doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),  # the compound file of Word 97-2003
    ("zip", b"PK\x03\x04"),  # .docx and .xlsx
)
_PDF_END_WINDOW = 2048  # %%EOF closes a PDF; a few trailing bytes (line ends, padding) are common
# Markup no scan has: an image carrying it is a page in disguise (a script behind a JPEG header).
_MARKUP = re.compile(rb"<\s*(script|html|body|iframe|svg|object|embed|meta)[\s>/]", re.IGNORECASE)
_CHUNK = 1024 * 1024


def checked_kind(file) -> str | None:
    """The kind ("pdf", "jpg", "png", "docx", "xlsx", "doc") the content of `file` (an open,
    seekable binary file: an upload or a stored file) really is, or None. Leaves the file at 0."""
    claimed = claimed_kind(file)
    try:
        if claimed == "pdf":
            return "pdf" if _ends_as_pdf(file) else None
        if claimed == "jpg":
            return "jpg" if _decodes_as(file, "JPEG") else None
        if claimed == "png":
            return "png" if _decodes_as(file, "PNG") else None
        if claimed == "zip":
            return _office_kind(file)
        return claimed  # "doc" (its whole signature) or None
    finally:
        file.seek(0)


def claimed_kind(file) -> str | None:
    """The kind the first bytes announce ("zip" for Word and Excel alike), unchecked: only to
    word a refusal ("not a real JPG") better than "not accepted"."""
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    for kind, signature in _SIGNATURES:
        if head.startswith(signature):
            return kind
    return None


def _ends_as_pdf(file) -> bool:
    file.seek(0, 2)
    size = file.tell()
    file.seek(max(0, size - _PDF_END_WINDOW))
    return b"%%EOF" in file.read()


def _decodes_as(file, image_format: str) -> bool:
    """The whole image decodes, within the pixel limit, and carries no markup."""
    from PIL import Image

    file.seek(0)
    try:
        with Image.open(file, formats=[image_format]) as image:
            width, height = image.size
            if width * height > settings.UPLOAD_MAX_IMAGE_PIXELS:
                return False
            if image_format == "JPEG":
                # Every block is still read and decoded, at an eighth of the size in memory.
                image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
            image.load()
    except Exception:  # Pillow raises many kinds of error for a file that is not an image
        return False
    return not _holds_markup(file)


def _holds_markup(file) -> bool:
    file.seek(0)
    tail = b""
    while chunk := file.read(_CHUNK):
        if _MARKUP.search(tail + chunk):
            return True
        tail = chunk[-32:]
    return False


def _office_kind(file) -> str | None:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def content_type(kind: str | None) -> str:
    return CONTENT_TYPES.get(kind or "", OCTET_STREAM)


class Inflates(ValueError):
    """A zip (an .xlsx, a .docx) that unpacks to more than the limits allow: a zip bomb, or a
    file far larger than any the portal takes. `limit` is the total allowed, in bytes."""

    def __init__(self, limit: int):
        super().__init__(limit)
        self.limit = limit


# Parts smaller than this unpacked are not judged by their ratio (a few kB of repeated styles
# compress a hundredfold and harm nobody).
_RATIO_FROM_BYTES = 1024 * 1024


def check_inflation(file) -> None:
    """Raise Inflates when the zip's parts, as declared in its directory or as they actually
    unpack (the declared sizes can lie), add up to more than IMPORT_MAX_INFLATED_BYTES, or a
    large part unpacks more than IMPORT_MAX_COMPRESSION_RATIO times its packed size. Nothing
    is kept in memory but one chunk. Raises zipfile.BadZipFile for a damaged zip."""
    limit = settings.IMPORT_MAX_INFLATED_BYTES
    ratio = settings.IMPORT_MAX_COMPRESSION_RATIO
    file.seek(0)
    with zipfile.ZipFile(file) as archive:
        members = archive.infolist()
        declared = sum(member.file_size for member in members)
        packed = any(_too_packed(m.file_size, m.compress_size, ratio) for m in members)
        if declared > limit or packed:
            raise Inflates(limit)
        total = 0
        for member in members:
            size = 0
            with archive.open(member) as part:
                while chunk := part.read(_CHUNK):
                    size += len(chunk)
                    total += len(chunk)
                    if total > limit or _too_packed(size, member.compress_size, ratio):
                        raise Inflates(limit)
    file.seek(0)


def _too_packed(size: int, packed: int, ratio: int) -> bool:
    return size > _RATIO_FROM_BYTES and size > ratio * max(packed, 1)
