// A small help only: the booklet works the same without it, and every page is saved on the server.
(function () {
  "use strict";

  var DRAFT_PREFIX = "mysay-draft:";
  // Question pages carry the words for the listen button; drafts only where a booklet is open (an
  // admin's preview of a page has no child's booklet behind it, so it keeps no draft).
  var form = document.querySelector("form[data-listen]");
  var draftKey = form ? form.getAttribute("data-draft-key") : null;
  var meta = document.querySelector('meta[name="my-say-draft"]');

  // When a page comes back with a problem, take the reader straight to the list of what to fix;
  // otherwise, after moving to a new page of questions, start the reader at its heading (which
  // describes itself with "Page 2 of 7") rather than at the top of the phone's screen.
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  } else if (form && window.self === window.top) {
    // Not inside an admin's preview frame: that would pull focus away from the admin's own page.
    var heading = document.querySelector("main h1");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }
  }

  // --- Drafts kept in this browser -------------------------------------------------------------
  // A draft holds everything typed on the page, "only my IRO" words included, because losing
  // them to a flat battery is worse; that is why drafts are forgotten as soon as the page is sent,
  // and every draft not belonging to the booklet open now is deleted on every booklet page (a new
  // link, the "saved" and "sent" pages): the next child on a shared phone never sees one.

  function storage() {
    try {
      return window.localStorage;
    } catch (e) {
      return null; // Storage switched off: the server still saves every page.
    }
  }

  function forgetDraftsExcept(keep) {
    var store = storage();
    if (!store) {
      return;
    }
    var doomed = [];
    for (var i = 0; i < store.length; i += 1) {
      var name = store.key(i);
      if (name && name.indexOf(DRAFT_PREFIX) === 0 && (!keep || name.indexOf(keep) !== 0)) {
        doomed.push(name);
      }
    }
    doomed.forEach(function (name) {
      store.removeItem(name);
    });
  }

  if (meta) {
    var current = meta.getAttribute("content");
    forgetDraftsExcept(current ? DRAFT_PREFIX + current + ":" : null);
  }

  function fillable(element) {
    var type = (element.type || "").toLowerCase();
    return element.name && element.name !== "csrf_token" && element.name !== "from" &&
      ["hidden", "submit", "button", "reset", "file"].indexOf(type) === -1;
  }

  function checkable(element) {
    return element.type === "radio" || element.type === "checkbox";
  }

  function readForm(target) {
    var values = {};
    Array.prototype.forEach.call(target.elements, function (element) {
      if (!fillable(element)) {
        return;
      }
      var list = values[element.name] || (values[element.name] = []);
      if (checkable(element)) {
        if (element.checked) {
          list.push(element.value);
        }
      } else if (element.value) {
        list.push(element.value);
      }
    });
    Object.keys(values).forEach(function (name) {
      if (!values[name].length) {
        delete values[name];
      }
    });
    return values;
  }

  function restore(target, values) {
    Object.keys(values).forEach(function (name) {
      var elements = Array.prototype.filter.call(target.elements, function (element) {
        return element.name === name && fillable(element);
      });
      // What the server saved wins: a draft only fills what the page shows as unanswered.
      var saved = elements.some(function (element) {
        return checkable(element) ? element.checked : element.value !== "";
      });
      if (saved) {
        return;
      }
      elements.forEach(function (element) {
        if (checkable(element)) {
          element.checked = values[name].indexOf(element.value) !== -1;
        } else {
          element.value = values[name][0] || "";
        }
        // Words put back into a closed fold of optional questions must not stay out of sight.
        var fold = element.closest ? element.closest("details.question-fold") : null;
        if (fold && (checkable(element) ? element.checked : element.value !== "")) {
          fold.open = true;
        }
      });
    });
  }

  if (draftKey && storage()) {
    var pagePath = (form.getAttribute("action") || window.location.pathname).split("?")[0];
    var draftName = DRAFT_PREFIX + draftKey + ":" + pagePath;
    try {
      var kept = JSON.parse(storage().getItem(draftName) || "null");
      if (kept && typeof kept === "object") {
        restore(form, kept);
      }
    } catch (e) {
      storage().removeItem(draftName);
    }
    var keep = function () {
      var values = readForm(form);
      try {
        if (Object.keys(values).length) {
          storage().setItem(draftName, JSON.stringify(values));
        } else {
          storage().removeItem(draftName);
        }
      } catch (e) {
        // A full or locked storage only loses the draft; the server saves the page.
      }
    };
    form.addEventListener("input", keep);
    form.addEventListener("change", keep);
    form.addEventListener("submit", function () {
      // The server saves this page now; a page with a problem comes back with the answers in it.
      storage().removeItem(draftName);
    });
  }

  // --- Listen: read a question aloud in the page's language -----------------------------------
  var speech = window.speechSynthesis;
  if (!form || !speech || typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }
  var language = document.documentElement.getAttribute("lang") || "en";
  var speaking = null;

  function words(element) {
    return element ? element.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function questionWords(question) {
    var parts = [words(question.querySelector(".question-label")), words(question.querySelector(".hint"))];
    if (question.querySelector("fieldset")) {
      Array.prototype.forEach.call(question.querySelectorAll(".choice-words"), function (choice) {
        parts.push(words(choice));
      });
    }
    return parts.filter(Boolean).join(". ");
  }

  // A voice for the page's language: the same language and region first, then the language.
  function voiceFor(voices) {
    var wanted = language.toLowerCase().replace("_", "-");
    var primary = wanted.split("-")[0];
    var exact = null;
    var near = null;
    Array.prototype.forEach.call(voices, function (voice) {
      var lang = (voice.lang || "").toLowerCase().replace("_", "-");
      if (lang === wanted && !exact) {
        exact = voice;
      } else if (lang.split("-")[0] === primary && !near) {
        near = voice;
      }
    });
    return exact || near;
  }

  function say(question, message) {
    var note = question.querySelector(".listen-note");
    if (!note) {
      note = document.createElement("p");
      note.className = "listen-note hint";
      note.setAttribute("role", "status");
      question.querySelector(".listen-button").insertAdjacentElement("afterend", note);
    }
    note.textContent = message;
  }

  function stop() {
    if (speaking) {
      speaking.setAttribute("aria-pressed", "false");
      speaking = null;
    }
  }

  Array.prototype.forEach.call(form.querySelectorAll(".question"), function (question) {
    var label = question.querySelector(".question-label");
    if (!label) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "listen-button";
    button.setAttribute("aria-pressed", "false");
    button.innerHTML =
      '<svg class="listen-icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">' +
      '<path d="M3 9h4l5-4v14l-5-4H3z"/><path class="listen-waves" d="M15.5 8.5a5 5 0 0 1 0 7M18 6a8.5 8.5 0 0 1 0 12"/></svg>';
    var visible = document.createElement("span");
    visible.textContent = form.getAttribute("data-listen") || "Listen";
    var more = document.createElement("span");
    more.className = "visually-hidden";
    more.textContent = " " + (form.getAttribute("data-listen-more") || "to this question");
    button.appendChild(visible);
    button.appendChild(more);
    button.addEventListener("click", function () {
      var again = speaking === button;
      speech.cancel();
      stop();
      if (again) {
        return; // Pressing again stops the reading.
      }
      var voices = typeof speech.getVoices === "function" ? speech.getVoices() || [] : [];
      var voice = voiceFor(voices);
      if (voices.length && !voice) {
        // The phone has voices, none for this language: say so rather than read it wrongly.
        say(question, form.getAttribute("data-listen-missing") || "");
        return;
      }
      var utterance = new window.SpeechSynthesisUtterance(questionWords(question));
      utterance.lang = language;
      if (voice) {
        utterance.voice = voice;
      }
      utterance.onend = utterance.onerror = function () {
        if (speaking === button) {
          stop();
        }
      };
      speaking = button;
      button.setAttribute("aria-pressed", "true");
      speech.speak(utterance);
    });
    label.parentNode.insertBefore(button, label.nextSibling);
  });

  window.addEventListener("pagehide", function () {
    speech.cancel();
  });
})();
