"""Where each kind of page lives: one table of URL folders that the code and the templates
(`url('agency', 'moj')`) both use, so a folder is named in one place."""

FOLDERS = {
    "recommendation": "recommendations",
    "mechanism": "mechanisms",
    "body": "bodies",
    "review": "reviews",
    "agency": "agencies",
    "theme": "themes",
    "group": "groups",
    "sdg": "sdgs",
    "state": "states",
    "ask": "asks",
    "monitor": "monitors",
    "tiriti": "te-tiriti",  # the Te Tiriti o Waitangi view (outputs/te_tiriti.py)
}


def url(kind: str, key: object = "") -> str:
    """The page's path from the site root: url('agency') is 'agencies/', url('agency', 'moj') 'agencies/moj/'."""
    folder = FOLDERS[kind] + "/"
    return f"{folder}{key}/" if key != "" else folder
