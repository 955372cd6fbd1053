"""Party documents as PDF (Hướng dẫn 36-HD/VPTW layout): a plain function from a template and
its context to PDF bytes, easy to call from a view, a task or a test.

WeasyPrint fetches only our own static files (the shipped Liberation Serif, the stylesheet): nothing
from the network and nothing from the disk outside the static folders."""

import mimetypes
from itertools import combinations, pairwise

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation

# A base URL no request ever reaches: relative and {% static %} URLs resolve under it.
DOCUMENT_BASE_URL = "https://document.partybloc.invalid/"


def static_file(url: str) -> tuple[bytes, str]:
    """The body and type of one of our static files named by a URL under DOCUMENT_BASE_URL;
    anything else is refused."""
    prefix = DOCUMENT_BASE_URL + settings.STATIC_URL.lstrip("/")
    if not url.startswith(prefix):
        raise ValueError(f"Documents may only use the portal's static files: {url}")
    path = finders.find(url[len(prefix) :].split("?")[0].split("#")[0])
    if not path:
        raise ValueError(f"No such static file: {url}")
    with open(path, "rb") as handle:
        body = handle.read()
    return body, mimetypes.guess_type(path)[0] or "application/octet-stream"


def render_pdf(template_name: str, context: dict, *, language: str = "vi") -> bytes:
    """Render a document template (extending documents/party_document.html) to PDF bytes."""
    # WeasyPrint takes about half a second to import: only here, where a document is printed,
    # so that commands, workers and the web process start without it.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            body, content_type = static_file(url)
            return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})

    with translation.override(language):
        html = render_to_string(template_name, {"printed_at": timezone.localtime(), **context})
    return HTML(string=html, base_url=DOCUMENT_BASE_URL, url_fetcher=StaticFilesOnly()).write_pdf()


def vietnamese_date(day) -> str:
    """'ngày 03 tháng 4 năm 2018', 'ngày 15 tháng 02 năm 2019': the date as a party document
    writes it (Hướng dẫn 36-HD/VPTW), a leading zero only for days below 10 and for the months
    1 and 2. Every printed document writes its date through this one function."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def vietnamese_date_line(place: str, day) -> str:
    """'Ninh Thuận, ngày 15 tháng 7 năm 2017' — the place-and-date line of a party document."""
    return f"{place}, {vietnamese_date(day)}"


# A header line of the left block holds about this many capitals at 14 pt bold.
HEADER_LINE_CHARS = 23
# The words that name the body itself: a long name breaks after them, never inside them.
BODY_WORDS = ("ĐẢNG ỦY KHỐI", "ĐẢNG BỘ KHỐI", "ĐẢNG ỦY", "ĐẢNG BỘ", "CHI BỘ", "ỦY BAN KIỂM TRA")
# A line may well start with these: "… / VÀ PHÁT TRIỂN NÔNG THÔN", "ĐẢNG ỦY KHỐI / CÁC CƠ QUAN".
GOOD_LINE_STARTS = ("VÀ", "CÁC", "-", "TỈNH", "THÀNH", "HUYỆN")
# Words of two syllables that a line never splits ("TRƯỜNG CAO / ĐẲNG" reads wrong): the ones
# the names of agencies are made of.
COMPOUNDS = frozenset(
    """CAO ĐẲNG|ĐẠI HỌC|PHÁT TRIỂN|NHÀ NƯỚC|NINH THUẬN|TÀI CHÍNH|KẾ HOẠCH|ĐẦU TƯ|GIÁO DỤC|
    ĐÀO TẠO|Y TẾ|KHOA HỌC|CÔNG NGHỆ|NÔNG NGHIỆP|NÔNG THÔN|XÂY DỰNG|GIAO THÔNG|VẬN TẢI|TƯ PHÁP|
    NỘI VỤ|CÔNG THƯƠNG|THÔNG TIN|TRUYỀN THÔNG|VĂN HÓA|THỂ THAO|DU LỊCH|LAO ĐỘNG|THƯƠNG BINH|
    XÃ HỘI|TÀI NGUYÊN|MÔI TRƯỜNG|NGÂN HÀNG|BẢO HIỂM|KHO BẠC|THANH TRA|ĐIỆN TỬ|CƠ QUAN|ĐOÀN THỂ|
    MẶT TRẬN|TỔ QUỐC|PHÁT THANH|TRUYỀN HÌNH|BỆNH VIỆN|ĐA KHOA|TRUNG TÂM|QUẢN LÝ|NGÂN SÁCH|
    HÀNH CHÍNH|VĂN PHÒNG|ỦY BAN|NHÂN DÂN|HỘI ĐỒNG|KIỂM TRA|TỈNH ỦY|THƯỜNG VỤ|DÂN TỘC|TÔN GIÁO|
    NGOẠI VỤ|THỐNG KÊ|THUẾ VỤ|HẢI QUAN|CÔNG AN|QUÂN SỰ|BIÊN PHÒNG|KIỂM SÁT|TÒA ÁN|THI HÀNH|
    ÁN DÂN|DÂN SỰ|CHÍNH TRỊ|TRƯỜNG CHÍNH|LIÊN ĐOÀN|PHỤ NỮ|THANH NIÊN|CỰU CHIẾN|CHIẾN BINH|
    NÔNG DÂN|NGHỀ NGHIỆP|TỔNG HỢP|KINH TẾ|HẠ TẦNG|ĐÔ THỊ|THỦY LỢI|LÂM NGHIỆP|KIỂM LÂM|
    BÁO CHÍ|XUẤT BẢN|THƯ VIỆN|BẢO TÀNG|DI TÍCH|KHÍ TƯỢNG|THỦY VĂN|ĐIỆN LỰC|CẤP NƯỚC|
    BƯU ĐIỆN|VIỄN THÔNG|ĐĂNG KIỂM|SÁT HẠCH|DỰ ÁN|QUỸ ĐẦU|TIỀN TỆ""".replace("\n", "").split("|")
)


def header_lines(name: str, *, width: int = HEADER_LINE_CHARS) -> list[str]:
    """A body's name in the header's left block, broken where a reader breaks it: a name that
    fits stays whole; a longer one breaks after the body's own words ("ĐẢNG ỦY KHỐI" / "CÁC CƠ
    QUAN TỈNH") or before a joining word ("… / VÀ PHÁT TRIỂN NÔNG THÔN"), in as few lines as
    fit, of about even length."""
    words = name.split()
    if len(" ".join(words)) <= width or len(words) > 16:
        return [" ".join(words)]
    head = next((w for w in BODY_WORDS if " ".join(words).startswith(w + " ")), "")
    head_end = len(head.split())

    def score(breaks: tuple[int, ...]) -> tuple[int, int, int]:
        bounds = (0, *breaks, len(words))
        lines = [" ".join(words[a:b]) for a, b in pairwise(bounds)]
        too_long = sum(max(0, len(line) - width) for line in lines)
        split = sum(1 for b in breaks if f"{words[b - 1]} {words[b]}" in COMPOUNDS)
        good = sum(1 for b in breaks if b == head_end or words[b] in GOOD_LINE_STARTS)
        alone = sum(1 for line in lines[1:] if " " not in line)  # one word on its own line
        return (
            too_long,
            split,
            len(lines) * 10 + alone * 15 - good * 8 + max(map(len, lines)) // 4,
        )

    best = min(
        (breaks for count in (1, 2) for breaks in combinations(range(1, len(words)), count)),
        key=score,
    )
    bounds = (0, *best, len(words))
    return [" ".join(words[a:b]) for a, b in pairwise(bounds)]
