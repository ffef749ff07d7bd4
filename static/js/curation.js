// Progressive enhancement for the curation transcript page: a passage selected in the
// transcript fills the new question's evidence, with its character offsets. Without this
// script the instructor pastes the passage and the server locates it.
(function () {
  "use strict";
  var text = document.getElementById("transcript-text");
  var quote = document.getElementById("quote");
  var start = document.getElementById("start_char");
  var status = document.getElementById("selection-status");
  if (!text || !quote || !start) { return; }

  function offsetIn(paragraph, node, offset) {
    var range = document.createRange();
    range.setStart(paragraph, 0);
    range.setEnd(node, offset);
    return parseInt(paragraph.getAttribute("data-start"), 10) + range.toString().length;
  }

  function paragraphOf(node) {
    var el = node.nodeType === 1 ? node : node.parentElement;
    return el && el.closest ? el.closest("p[data-start]") : null;
  }

  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return; }
    var range = selection.getRangeAt(0);
    var first = paragraphOf(range.startContainer);
    var last = paragraphOf(range.endContainer);
    if (!first || !last || !text.contains(first)) { return; }
    var from = offsetIn(first, range.startContainer, range.startOffset);
    var to = offsetIn(last, range.endContainer, range.endOffset);
    var passage = range.toString();
    if (first === last && to - from === passage.length) {
      quote.value = passage;
      start.value = String(from);
      if (status) { status.textContent = "Evidence set: characters " + from + "–" + to + "."; }
    }
  });
})();
