"""National ID numbers kept out of what leaves the register without need: masked in exports
(058*******12: the province code and the last two digits, enough to tell two people apart on
a list) and in every log record.

A CCCD has 12 digits, an old CMND 9. In logs any run of exactly 12 or 9 digits is masked,
whatever it is: a party card number or a phone number of that length loses its middle too,
which costs nothing, while a number that slipped through would be a leak."""

import logging
import re

_NUMBER_RUN = re.compile(r"(?<!\d)(?:\d{12}|\d{9})(?!\d)")
SHOWN_HEAD, SHOWN_TAIL = 3, 2


def mask_national_id(value: str) -> str:
    """058123456712 -> 058*******12 (an empty value stays empty)."""
    value = value or ""
    if len(value) <= SHOWN_HEAD + SHOWN_TAIL:
        return "*" * len(value)
    hidden = len(value) - SHOWN_HEAD - SHOWN_TAIL
    return value[:SHOWN_HEAD] + "*" * hidden + value[-SHOWN_TAIL:]


def mask_numbers(text: str) -> str:
    """Every run of exactly 12 or 9 digits in a text, masked."""
    return _NUMBER_RUN.sub(lambda match: mask_national_id(match.group()), text)


def looks_like_national_id(text: str) -> bool:
    return bool(_NUMBER_RUN.search(text or ""))


class MaskNationalIds(logging.Filter):
    """A handler filter that masks national IDs in a record before any formatter sees it: the
    message with its arguments, the exception's traceback (a database error quotes the value:
    `Key (national_id)=(…) already exists`) and the stack. Settings put it on every handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_numbers(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_numbers(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_numbers(record.stack_info)
        return True
