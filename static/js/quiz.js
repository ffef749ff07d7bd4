/* Quiz autosave: each answer is sent as soon as it changes, so a closed tab, a reload or a
   logout loses nothing. Progressive enhancement only: without this script the answers are
   saved by the form's "Save answers" and "Submit quiz" buttons. No framework, no other host. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData || !window.WeakMap) {
    return;
  }
  var tokenInput = form.querySelector('input[name="csrf_token"]');
  var TYPING_PAUSE_MS = 800;
  var queues = new WeakMap(); // question → promise of its last save: one question saves in order
  var lastSent = new WeakMap(); // question → body last sent, to skip saving the same twice
  var timers = new WeakMap(); // question → pending save while the student types

  function questionOf(element) {
    return element && element.closest ? element.closest("fieldset[data-save-url]") : null;
  }

  function showStatus(question, text, state) {
    var status = question.querySelector("[data-save-status]");
    if (!status) {
      return;
    }
    status.textContent = text;
    status.setAttribute("data-state", state);
  }

  function collect(question) {
    var pairs = [];
    var inputs = question.querySelectorAll("input[name], select[name], textarea[name]");
    Array.prototype.forEach.call(inputs, function (input) {
      if (input.disabled) {
        return;
      }
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) {
        return;
      }
      pairs.push([input.name, input.value]);
    });
    return pairs;
  }

  function send(question, pairs) {
    var body = new FormData();
    pairs.forEach(function (pair) {
      body.append(pair[0], pair[1]);
    });
    return fetch(question.getAttribute("data-save-url"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: {
        Accept: "application/json",
        "X-CSRFToken": tokenInput ? tokenInput.value : "",
      },
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) {
        // The login page after a redirect (the session ended) or an error page.
        if (response.redirected) {
          throw new Error("Not saved: you are logged out. Log in again in another tab, then change this answer; the others are safe.");
        }
        if (response.status === 400) {
          throw new Error("Not saved: this page has expired. Reload it; your saved answers stay.");
        }
        throw new Error("Not saved: the server had a problem. Your answer is sent when you submit.");
      }
      return response.json().then(function (data) {
        if (!response.ok || !data.ok) {
          throw new Error(data.message || "Not saved.");
        }
      });
    });
  }

  function save(question) {
    var pairs = collect(question);
    var key = JSON.stringify(pairs);
    if (lastSent.get(question) === key) {
      return;
    }
    lastSent.set(question, key);
    var previous = queues.get(question) || Promise.resolve();
    var next = previous.then(function () {
      return send(question, pairs).then(
        function () {
          showStatus(question, "Saved", "saved");
        },
        function (error) {
          // Let the next change try again.
          lastSent.delete(question);
          var message = error && error.message && error.message.indexOf("Not saved") === 0
            ? error.message
            : "Not saved: no connection. Your answer is sent when you submit.";
          showStatus(question, message, "error");
        }
      );
    });
    queues.set(question, next);
  }

  function saveSoon(question) {
    clearTimeout(timers.get(question));
    timers.set(question, setTimeout(function () {
      save(question);
    }, TYPING_PAUSE_MS));
  }

  form.addEventListener("change", function (event) {
    var question = questionOf(event.target);
    if (question) {
      clearTimeout(timers.get(question));
      save(question);
    }
  });

  form.addEventListener("input", function (event) {
    var question = questionOf(event.target);
    if (question && event.target.type === "text") {
      saveSoon(question);
    }
  });
})();
