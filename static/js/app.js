/*
 * Inburgering: small progressive enhancements. Everything works without JavaScript.
 * No inline scripts anywhere (strict Content-Security-Policy): behaviour hangs on data-* attributes.
 *
 *  [data-error-summary]  focused on page load; its links move focus to the field (GOV.UK).
 *  [data-formset]        "add" button that clones the formset's <template data-formset-empty>.
 *  [data-confirm]        on a <form> or submit button: asks for confirmation before submitting.
 */
(function () {
  "use strict";

  function initErrorSummary(root) {
    var summary = root.querySelector("[data-error-summary]");
    if (!summary || summary.dataset.initialised) {
      return;
    }
    summary.dataset.initialised = "true";
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) {
        return;
      }
      var input = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!input) {
        return;
      }
      event.preventDefault();
      var legendOrLabel = input.closest("fieldset") ? input.closest("fieldset").querySelector("legend") : null;
      if (!legendOrLabel && input.id) {
        legendOrLabel = document.querySelector("label[for='" + CSS.escape(input.id) + "']");
      }
      (legendOrLabel || input).scrollIntoView();
      input.focus({ preventScroll: true });
    });
  }

  function initFormset(container) {
    if (container.dataset.initialised) {
      return;
    }
    container.dataset.initialised = "true";
    var prefix = container.dataset.formsetPrefix;
    var total = container.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var max = container.querySelector("input[name='" + prefix + "-MAX_NUM_FORMS']");
    var template = container.querySelector("template[data-formset-empty]");
    var forms = container.querySelector("[data-formset-forms]");
    var button = container.querySelector("[data-formset-add]");
    if (!total || !template || !forms || !button) {
      return;
    }
    function update() {
      var atMax = max && max.value !== "" && parseInt(total.value, 10) >= parseInt(max.value, 10);
      button.hidden = Boolean(atMax);
    }
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var wrapper = document.createElement("div");
      wrapper.innerHTML = html;
      wrapper.querySelectorAll("[data-formset-number]").forEach(function (el) {
        el.textContent = String(index + 1);
      });
      var added = wrapper.firstElementChild;
      while (wrapper.firstChild) {
        forms.appendChild(wrapper.firstChild);
      }
      total.value = String(index + 1);
      update();
      if (added) {
        var first = added.querySelector("input:not([type=hidden]), select, textarea");
        if (first) {
          first.focus();
        }
      }
    });
    update();
  }

  function initConfirm(root) {
    root.querySelectorAll("[data-confirm]").forEach(function (el) {
      var form = el.tagName === "FORM" ? el : el.form;
      if (!form || form.dataset.confirmInitialised) {
        return;
      }
      form.dataset.confirmInitialised = "true";
      form.addEventListener("submit", function (event) {
        var submitter = event.submitter;
        var message = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
        if (message && !window.confirm(message)) {
          event.preventDefault();
        }
      });
    });
  }

  function init(root) {
    initErrorSummary(root);
    root.querySelectorAll("[data-formset]").forEach(initFormset);
    initConfirm(root);
  }

  if (window.htmx) {
    // Runs for the whole page on load and again for every piece of content htmx swaps in.
    window.htmx.onLoad(function (element) {
      init(element.nodeType === 1 ? element : document);
    });
  } else {
    init(document);
  }
})();
