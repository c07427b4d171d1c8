/* digestcast episode player: enhances a page that already works without it.
   Chapters and transcript sentences seek, the current ones are marked while playing,
   skip and speed buttons, the position kept in the address (#t=1:23), copy buttons. */
(function () {
  "use strict";
  var status = document.querySelector("[data-status]");

  function say(text) {
    if (status) { status.textContent = text; }
  }

  function clock(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    var mm = (h && m < 10 ? "0" : "") + m, ss = (r < 10 ? "0" : "") + r;
    return (h ? h + ":" : "") + mm + ":" + ss;
  }

  function parseTime(hash) {
    var found = /(?:^#|&)t=([0-9:.]+)/.exec(hash || "");
    if (!found) { return null; }
    var total = 0;
    found[1].split(":").forEach(function (part) { total = total * 60 + parseFloat(part || "0"); });
    return isFinite(total) ? total : null;
  }

  function copy(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { say("Select the text and copy it."); });
    } else {
      say("Select the text and copy it.");
    }
  }

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      field.select();
      copy(field.value, function () { say("Feed address copied."); });
    });
  });

  var audio = document.querySelector("audio[data-player]");
  if (!audio) { return; }
  var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var chapters = Array.prototype.slice.call(document.querySelectorAll("[data-chapter]"));
  var sentences = Array.prototype.slice.call(document.querySelectorAll("[data-t]"));
  var starts = sentences.map(function (s) { return parseFloat(s.getAttribute("data-t")); });
  var chapterStarts = chapters.map(function (c) { return parseFloat(c.getAttribute("data-start")); });
  var transcript = document.querySelector("[data-transcript]");
  var current = { sentence: null, chapter: null };

  Array.prototype.forEach.call(audio.textTracks, function (track) {
    if (track.mode === "disabled") { track.mode = "hidden"; }  /* load the captions' cues */
  });

  function indexAt(list, time) {
    var lo = 0, hi = list.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid] <= time + 0.05) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  function follow(box, element) {
    if (!box || !element) { return; }
    var top = element.offsetTop - box.offsetTop;
    if (top < box.scrollTop || top + element.offsetHeight > box.scrollTop + box.clientHeight) {
      box.scrollTo({ top: top - box.clientHeight / 3, behavior: reduceMotion ? "auto" : "smooth" });
    }
  }

  function mark(time) {
    var at = indexAt(starts, time), inChapter = indexAt(chapterStarts, time);
    var sentence = sentences[at] || null;
    if (sentence && inChapter >= 0 && starts[at] < chapterStarts[inChapter] - 0.05) {
      sentence = null;  /* the pause before a chapter's first sentence */
    }
    if (sentence !== current.sentence) {
      if (current.sentence) { current.sentence.classList.remove("now"); }
      if (sentence) { sentence.classList.add("now"); }
      current.sentence = sentence;
      if (!audio.paused) { follow(transcript, sentence); }
    }
    var chapter = chapters[inChapter] || null;
    if (chapter !== current.chapter) {
      if (current.chapter) { current.chapter.removeAttribute("aria-current"); }
      if (chapter) { chapter.setAttribute("aria-current", "step"); }
      current.chapter = chapter;
    }
  }

  function keepInAddress() {
    var hash = audio.currentTime > 0 ? "#t=" + clock(audio.currentTime) : " ";
    history.replaceState(null, "", hash === " " ? location.pathname + location.search : hash);
  }

  function seek(time, play) {
    var limit = isFinite(audio.duration) ? audio.duration : time;
    audio.currentTime = Math.max(0, Math.min(time, limit));
    mark(audio.currentTime);
    keepInAddress();
    if (play) { audio.play().catch(function () { /* playing needs a gesture the page lacks */ }); }
  }

  chapters.forEach(function (link, i) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      seek(chapterStarts[i], true);
    });
  });
  sentences.forEach(function (span, i) {
    span.addEventListener("click", function () { seek(starts[i], true); });
  });

  var controls = document.querySelector("[data-controls]");
  if (controls) {
    controls.hidden = false;
    controls.querySelectorAll("[data-skip]").forEach(function (button) {
      button.addEventListener("click", function () {
        seek(audio.currentTime + parseFloat(button.getAttribute("data-skip")), false);
      });
    });
    var speed = controls.querySelector("[data-speed]");
    if (speed) {
      speed.addEventListener("change", function () {
        audio.playbackRate = parseFloat(speed.value);
        audio.defaultPlaybackRate = audio.playbackRate;
      });
    }
    var share = controls.querySelector("[data-share]");
    if (share) {
      share.addEventListener("click", function () {
        keepInAddress();
        var at = clock(audio.currentTime);
        copy(location.href.split("#")[0] + "#t=" + at, function () { say("Link to " + at + " copied."); });
      });
    }
  }

  audio.addEventListener("timeupdate", function () { mark(audio.currentTime); });
  audio.addEventListener("seeked", function () { mark(audio.currentTime); });
  audio.addEventListener("pause", keepInAddress);

  function fromAddress() {
    var time = parseTime(location.hash);
    if (time === null) { return; }
    if (audio.readyState >= 1) { seek(time, false); }
    else { audio.addEventListener("loadedmetadata", function () { seek(time, false); }, { once: true }); }
  }
  window.addEventListener("hashchange", fromAddress);
  fromAddress();
})();
