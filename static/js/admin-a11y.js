// The admin's autocomplete widgets (select2) draw a combobox named only by its current value,
// so an empty one has no accessible name, and a multiple choice's search box none at all.
// Name each by the label of the select it replaces.
(function () {
  "use strict";

  function nameComboboxes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var container = select.parentNode.querySelector(".select2-selection");
      if (!container) {
        return;
      }
      var label = document.querySelector('label[for="' + select.id + '"]');
      var named = [container, container.querySelector(".select2-selection__rendered"),
        container.querySelector(".select2-search__field")].filter(Boolean);
      if (label) {
        if (!label.id) {
          label.id = select.id + "-label";
        }
        named.forEach(function (element) {
          var ids = [label.id];
          if (element === container && named[1] && named[1].id) {
            ids.push(named[1].id);
          }
          element.setAttribute("aria-labelledby", ids.join(" "));
        });
      } else if (select.getAttribute("aria-label")) {
        // A tabular inline's field: no label element, its name is on the select itself.
        named.forEach(function (element) {
          element.removeAttribute("aria-labelledby");
          element.setAttribute("aria-label", select.getAttribute("aria-label"));
        });
      }
      select.setAttribute("data-a11y-named", "true");
    });
  }

  function later() {
    // After the admin's own handlers have set the widgets up (or redrawn them).
    window.setTimeout(nameComboboxes, 0);
  }

  var $ = window.django && window.django.jQuery;
  if ($) {
    // Ready handlers run in the order they were added: the admin's autocomplete.js added its
    // own before this deferred script ran.
    $(later);
    $(document).on("change select2:select select2:unselect select2:close", later);
  }
  window.addEventListener("load", later);
  document.addEventListener("formset:added", later);
})();
