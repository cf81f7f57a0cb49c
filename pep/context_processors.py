from .plugins import menu_for


def navigation(request) -> dict:
    """The header links of every app that this person may use, and nothing they may not."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": []}
    return {"nav_links": menu_for(user)}
