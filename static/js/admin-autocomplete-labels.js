// The admin's autocomplete fields (select2) name their combobox only after the chosen value, so
// an empty field, and the search box of a many-valued one, has no accessible name. Point each of
// them at the field's own <label> too. Runs after Django's autocomplete.js has set the fields up,
// and again for rows an inline formset adds.
"use strict";
{
    const labelIdFor = (select) => {
        const label = select.id && document.querySelector(`label[for="${select.id}"]`);
        if (!label) {
            return null;
        }
        if (!label.id) {
            label.id = `${select.id}_label`;
        }
        return label.id;
    };

    const nameAutocompletes = (root) => {
        root.querySelectorAll("select.admin-autocomplete").forEach((select) => {
            const labelId = labelIdFor(select);
            const widget = select.nextElementSibling;
            if (!labelId || !widget || !widget.classList.contains("select2")) {
                return;
            }
            widget.querySelectorAll('[role="combobox"], [role="textbox"], input.select2-search__field').forEach((element) => {
                const names = (element.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean);
                if (!names.includes(labelId)) {
                    element.setAttribute("aria-labelledby", [labelId, ...names].join(" "));
                }
            });
        });
    };

    if (window.django && window.django.jQuery) {
        window.django.jQuery(() => nameAutocompletes(document));
        document.addEventListener("formset:added", (event) => nameAutocompletes(event.target));
    }
}
