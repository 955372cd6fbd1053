"""How a person who uses the portal is named on a page, in a list or a document: the full
name in Vietnamese order (family, middle, given), as the office writes it. Django keeps the
given name in first_name and the family and middle names in last_name (its Vietnamese admin
labels them "Tên" and "Họ"), so its get_full_name() puts the given name first ("Hải Phan
Đức"); the login name is only a fallback for an account without a name."""

EMPTY = "—"


def display_name(user, *, empty: str = EMPTY) -> str:
    """'Phan Đức Hải'; the login name when the account has no name; `empty` for nobody."""
    if user is None or user == "":
        return empty
    if isinstance(user, str):  # a name typed as text (a letter's handler)
        return user
    name = " ".join(f"{user.last_name} {user.first_name}".split())
    return name or user.get_username()
