"""What a browser would post: the successful controls of a form on a page, as they stand."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.found = False
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self.select: str | None = None
        self.textarea: str | None = None
        self.text: list[str] = []

    def _add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        if tag == "form" and attr.get("id") == self.form_id:
            self.found = self.inside = True
        if not self.inside or "disabled" in attr:
            return
        name = attr.get("name")
        if tag == "input" and name:
            kind = attr.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attr:
                return
            self._add(name, attr.get("value", "on" if kind in {"checkbox", "radio"} else ""))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attr:
            self._add(self.select, attr.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            # The HTML parser keeps the newline that browsers drop right after <textarea>.
            self._add(self.textarea, "".join(self.text).removeprefix("\n"))
            self.textarea = None


def form_data(html: str, form_id: str) -> dict[str, list[str]]:
    """The data a browser would send for the form `form_id` on the page, nothing changed.

    A select without a selected option sends nothing here (a browser would send its first
    option); the admin's selects always mark one.
    """
    reader = _FormReader(form_id)
    reader.feed(html)
    assert reader.found, f"no form with id {form_id!r} on the page"
    return reader.data
