// Cairn's website widget. One tag on any page:
//   <script src="https://CAIRN/widget.js" data-key="INGEST_KEY" data-survey="ID" data-trigger="EVENT"></script>
// then cairn.identify(id, traits) and cairn.track(name, properties). When the tracked event is the
// trigger, the server decides (contact rules over every channel and device, never this browser's
// memory) whether to ask, and if so the survey opens in an overlay. No cookies, no dependencies.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var host = new URL(script.src).origin;
  var key = script.getAttribute("data-key");
  var survey = script.getAttribute("data-survey");
  var trigger = script.getAttribute("data-trigger");
  var customerId = null;

  function call(path, body) {
    return fetch(host + path, {
      method: "POST",
      headers: { "Authorization": "Bearer " + key, "Content-Type": "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) { throw new Error((data && data.detail) || ("Cairn answered " + response.status)); }
        return data;
      });
    });
  }

  function eventId() {
    return "w" + Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  }

  function show(link) {
    var overlay = document.createElement("div");
    overlay.className = "cairn-overlay";
    overlay.setAttribute("role", "dialog");
    overlay.setAttribute("aria-modal", "true");
    overlay.setAttribute("aria-label", "Survey");
    overlay.style.cssText = "position:fixed;inset:0;background:rgba(17,24,39,.55);display:flex;align-items:center;justify-content:center;z-index:2147483647";
    var box = document.createElement("div");
    box.style.cssText = "position:relative;background:#fff;border-radius:12px;width:min(560px,94vw);height:min(620px,88vh);box-shadow:0 10px 40px rgba(0,0,0,.3)";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "\u00d7";
    close.setAttribute("aria-label", "Close the survey");
    close.style.cssText = "position:absolute;top:6px;right:8px;border:0;background:transparent;font-size:26px;line-height:1;cursor:pointer;padding:6px 10px";
    close.addEventListener("click", function () { overlay.remove(); });
    var frame = document.createElement("iframe");
    frame.className = "cairn-survey";
    frame.title = "Survey";
    frame.src = link;
    frame.style.cssText = "border:0;width:100%;height:100%;border-radius:12px";
    box.appendChild(frame);
    box.appendChild(close);
    overlay.appendChild(box);
    document.body.appendChild(overlay);
    close.focus();
  }

  window.cairn = {
    lastDecision: null,
    identify: function (id, traits) {
      customerId = String(id);
      var customer = { id: customerId, traits: traits || {} };
      return call("/api/v1/identify", customer);
    },
    track: function (name, properties) {
      if (!customerId) { return Promise.reject(new Error("call cairn.identify(id) first")); }
      var event = { id: eventId(), customerId: customerId, name: String(name), timestamp: new Date().toISOString(), channel: "web", properties: properties || {} };
      return call("/api/v1/events", { events: [event] }).then(function () {
        if (!survey || name !== trigger) { return null; }
        return call("/api/v1/surveys/" + encodeURIComponent(survey) + "/widget", { customerId: customerId }).then(function (decision) {
          window.cairn.lastDecision = decision;
          if (decision.show) { show(decision.link); }
          return decision;
        });
      });
    }
  };
})();
