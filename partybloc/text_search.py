"""Search on a stored, folded text column: every word typed must begin a word of the text
("nguyen van an" finds Nguyễn Văn An and Nguyễn Văn Anh, not every Nguyễn Văn …, as "an" is
only inside "van"). Digits may sit anywhere (part of a national ID or a card number).

On PostgreSQL a trigram index (pg_trgm, GIN, added by the apps' migrations) serves both forms:
LIKE 'word%' for the first word and LIKE '% word%' for the others."""

from django.db.models import Q

from partybloc.text import fold


def words_q(field: str, text: str) -> Q:
    condition = Q()
    # A NUL typed or pasted into a search box is no letter of a name, and PostgreSQL refuses
    # it in a query (a server error): it separates words like a space.
    for word in fold((text or "").replace("\x00", " ")).split():
        if word.isdigit():
            condition &= Q(**{f"{field}__contains": word})
        else:
            condition &= Q(**{f"{field}__startswith": word}) | Q(
                **{f"{field}__contains": f" {word}"}
            )
    return condition
