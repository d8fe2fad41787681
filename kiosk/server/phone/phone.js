(function () {
  "use strict";
  var body = document.body, live = body.getAttribute("data-events");
  var stateUrl = body.getAttribute("data-state-url"), seq = body.getAttribute("data-seq");
  var t = document.getElementById("t");
  if (!t || !live || t.getAttribute("data-final") === "1") return;
  var last = t.getAttribute("data-alert"), audio = null, source = null, timer = null;
  var snd = document.getElementById("snd"), off = document.getElementById("off");

  function unlock() {
    try {
      var A = window.AudioContext || window.webkitAudioContext;
      if (A && !audio) audio = new A();
      if (audio && audio.state === "suspended") audio.resume();
    } catch (e) { audio = null; }
  }
  function chime() {
    if (!audio) return;
    var now = audio.currentTime, tones = [880, 660, 880];
    for (var i = 0; i < tones.length; i++) {
      var o = audio.createOscillator(), g = audio.createGain(), at = now + i * 0.4;
      o.frequency.value = tones[i];
      o.connect(g); g.connect(audio.destination);
      g.gain.setValueAtTime(0.0001, at);
      g.gain.exponentialRampToValueAtTime(0.6, at + 0.03);
      g.gain.exponentialRampToValueAtTime(0.0001, at + 0.35);
      o.start(at); o.stop(at + 0.37);
    }
  }
  function called() {
    try { if (navigator.vibrate) navigator.vibrate([500, 200, 500, 200, 500]); } catch (e) {}
    chime();
  }
  function stop() {
    if (source) { source.close(); source = null; }
    if (timer) { clearInterval(timer); timer = null; }
    if (snd) snd.hidden = true;
    if (off) off.hidden = true;
  }
  function apply(d) {
    if (!d || !d.html) return;
    var box = document.createElement("div");
    box.innerHTML = d.html;
    var fresh = box.firstElementChild;
    if (!fresh) return;
    t.parentNode.replaceChild(fresh, t);
    t = fresh;
    if (d.title) document.title = d.title;
    var key = t.getAttribute("data-alert");
    if (key !== last) {
      last = key;
      if (t.getAttribute("data-state") === "called") called();
    }
    if (t.getAttribute("data-final") === "1") stop();
  }
  function poll() {
    var x = new XMLHttpRequest();
    x.open("GET", stateUrl);
    x.onload = function () {
      if (x.status === 200) { if (off) off.hidden = true; apply(JSON.parse(x.responseText)); }
    };
    x.onerror = function () { if (off) off.hidden = false; };
    x.send();
  }
  function polling() { if (!timer) timer = setInterval(poll, 15000); }

  if (snd && (window.AudioContext || window.webkitAudioContext)) {
    snd.hidden = false;
    snd.onclick = function () { unlock(); chime(); snd.hidden = true; };
  }
  document.addEventListener("pointerdown", unlock, { once: true });

  if (window.EventSource) {
    source = new EventSource(live + "&after=" + seq);
    source.onopen = function () {
      body.setAttribute("data-live", "1");
      if (off) off.hidden = true;
    };
    source.addEventListener("ticket", function (ev) {
      if (off) off.hidden = true;
      apply(JSON.parse(ev.data));
    });
    source.onerror = function () {
      body.setAttribute("data-live", "0");
      if (off) off.hidden = false;
      if (source && source.readyState === 2) { source = null; polling(); }
    };
  } else {
    polling();
  }
})();
