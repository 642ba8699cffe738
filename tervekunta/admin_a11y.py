"""Admin inlines whose fields have an accessible name.

A tabular inline shows its field labels only as column headings, so a screen reader meets
unnamed inputs; each widget here carries its label as `aria-label`.
"""

from __future__ import annotations

from django.contrib import admin


class LabelledTabularInline(admin.TabularInline):
    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        for name, field in formset.form.base_fields.items():
            label = field.label or name
            field.widget.attrs.setdefault("aria-label", str(label))
            # A related-object widget (the admin's wrapper around a select) names the select inside.
            inner = getattr(field.widget, "widget", None)
            if inner is not None:
                inner.attrs.setdefault("aria-label", str(label))
        return type(formset.__name__, (_NamedExtraFields, formset), {})


class _NamedExtraFields:
    """The formset's own per-row fields (the delete box) get their label as a name too."""

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        for name in ("DELETE", "ORDER"):
            if name in form.fields:
                form.fields[name].widget.attrs.setdefault("aria-label", str(form.fields[name].label))
