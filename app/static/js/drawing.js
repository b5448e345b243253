// Drawing on the screen, and a voice answer, for a booklet page with a drawing question. Without
// this script the child takes a photo of a drawing on paper, and no recorder is offered.
// Both travel in the page's own form: the drawing as a PNG in the photo's file field, the
// recording in a file field of its own, so the server checks and keeps them like any answer.
(function () {
  "use strict";

  var MAX_SECONDS = 60;
  var LINE_WIDTH = 10;
  var form = document.getElementById("booklet-page");
  // Exports still being made when the child presses a button: the form waits for them.
  var pending = 0;
  var waiting = null;

  function setFile(input, blob, name) {
    var list = new DataTransfer();
    if (blob) {
      list.items.add(new File([blob], name, { type: blob.type }));
    }
    input.files = list.files;
  }

  function finished() {
    pending -= 1;
    if (pending === 0 && waiting) {
      var submitter = waiting;
      waiting = null;
      form.requestSubmit(submitter);
    }
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      if (pending > 0) {
        event.preventDefault();
        waiting = event.submitter || null;
      }
    });
  }

  function setUpPad(question) {
    var pad = question.querySelector("[data-drawing-pad]");
    var canvas = pad.querySelector("canvas");
    var file = question.querySelector("[data-drawing-file]");
    var context = canvas.getContext("2d");
    if (!context || !canvas.toBlob) {
      return;
    }
    pad.hidden = false;
    var strokes = [];
    var current = null;
    var colour = "#0b0c0c";

    function line(from, to, stroke) {
      context.strokeStyle = stroke.colour;
      context.lineWidth = LINE_WIDTH;
      context.lineCap = "round";
      context.lineJoin = "round";
      context.beginPath();
      context.moveTo(from[0], from[1]);
      // A tap leaves a dot: a line of no length draws nothing.
      context.lineTo(to[0] + (from === to ? 0.1 : 0), to[1]);
      context.stroke();
    }

    function redraw() {
      context.fillStyle = "#fff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      strokes.forEach(function (stroke) {
        stroke.points.forEach(function (p, i) {
          line(stroke.points[i === 0 ? 0 : i - 1], p, stroke);
        });
      });
    }

    function exportDrawing() {
      if (!strokes.length) {
        setFile(file, null);
        return;
      }
      pending += 1;
      canvas.toBlob(function (blob) {
        setFile(file, blob, "drawing.png");
        finished();
      }, "image/png");
    }

    function point(event) {
      var box = canvas.getBoundingClientRect();
      return [
        ((event.clientX - box.left) * canvas.width) / box.width,
        ((event.clientY - box.top) * canvas.height) / box.height,
      ];
    }

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      if (canvas.setPointerCapture) {
        canvas.setPointerCapture(event.pointerId);
      }
      current = { colour: colour, points: [point(event)] };
      strokes.push(current);
      line(current.points[0], current.points[0], current);
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!current) {
        return;
      }
      var p = point(event);
      line(current.points[current.points.length - 1], p, current);
      current.points.push(p);
    });
    function end() {
      if (current) {
        current = null;
        exportDrawing();
      }
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);

    var colours = pad.querySelectorAll("[data-colour]");
    Array.prototype.forEach.call(colours, function (button) {
      button.addEventListener("click", function () {
        colour = button.getAttribute("data-colour");
        Array.prototype.forEach.call(colours, function (other) {
          other.setAttribute("aria-pressed", other === button ? "true" : "false");
        });
      });
    });
    pad.querySelector("[data-drawing-undo]").addEventListener("click", function () {
      strokes.pop();
      redraw();
      exportDrawing();
    });
    pad.querySelector("[data-drawing-clear]").addEventListener("click", function () {
      strokes = [];
      redraw();
      exportDrawing();
    });
    redraw();
  }

  var AUDIO_TYPES = ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/mp4"];
  var EXTENSIONS = { "audio/webm": "webm", "audio/ogg": "ogg", "audio/mp4": "m4a" };

  function audioType() {
    if (!MediaRecorder.isTypeSupported) {
      return "";
    }
    for (var i = 0; i < AUDIO_TYPES.length; i += 1) {
      if (MediaRecorder.isTypeSupported(AUDIO_TYPES[i])) {
        return AUDIO_TYPES[i];
      }
    }
    return "";
  }

  function setUpVoice(question) {
    var box = question.querySelector("[data-voice]");
    var missing = box.querySelector("[data-voice-missing]");
    var tools = box.querySelector("[data-voice-tools]");
    box.hidden = false;
    function cannot() {
      missing.hidden = false;
      tools.hidden = true;
    }
    if (!window.MediaRecorder || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      cannot();
      return;
    }
    var record = box.querySelector("[data-voice-record]");
    var stop = box.querySelector("[data-voice-stop]");
    var playback = box.querySelector("[data-voice-playback]");
    var remove = box.querySelector("[data-voice-delete]");
    var status = box.querySelector("[data-voice-status]");
    var file = box.querySelector("[data-voice-file]");
    var recorder = null;
    var timer = null;
    var url = null;

    function show(recording) {
      record.hidden = recording;
      stop.hidden = !recording;
      (recording ? stop : record).focus();
    }

    function keep(blob) {
      var type = blob.type.split(";")[0];
      setFile(file, blob, "voice." + (EXTENSIONS[type] || "webm"));
      if (url) {
        URL.revokeObjectURL(url);
      }
      url = URL.createObjectURL(blob);
      playback.src = url;
      playback.hidden = false;
      remove.hidden = false;
      status.textContent = status.getAttribute("data-recorded");
    }

    record.addEventListener("click", function () {
      navigator.mediaDevices
        .getUserMedia({ audio: true })
        .then(function (stream) {
          var type = audioType();
          var chunks = [];
          recorder = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
          recorder.addEventListener("dataavailable", function (event) {
            if (event.data && event.data.size) {
              chunks.push(event.data);
            }
          });
          recorder.addEventListener("stop", function () {
            clearTimeout(timer);
            stream.getTracks().forEach(function (track) {
              track.stop();
            });
            var made = (recorder.mimeType || type || "audio/webm").split(";")[0];
            keep(new Blob(chunks, { type: made }));
            show(false);
          });
          recorder.start();
          status.textContent = status.getAttribute("data-recording");
          show(true);
          // Past a minute the recording stops by itself: the server keeps no longer.
          timer = setTimeout(function () {
            if (recorder.state === "recording") {
              recorder.stop();
            }
          }, MAX_SECONDS * 1000);
        })
        .catch(cannot);
    });
    stop.addEventListener("click", function () {
      if (recorder && recorder.state === "recording") {
        recorder.stop();
      }
    });
    remove.addEventListener("click", function () {
      setFile(file, null);
      playback.removeAttribute("src");
      playback.hidden = true;
      remove.hidden = true;
      status.textContent = "";
      record.focus();
    });
  }

  // Without a way to put a file in the form, the photo of a drawing on paper is the way in.
  if (typeof DataTransfer !== "function" || !form) {
    return;
  }
  Array.prototype.forEach.call(document.querySelectorAll(".drawing-question"), function (question) {
    setUpPad(question);
    setUpVoice(question);
  });
})();
