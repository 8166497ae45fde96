// Adds a link to this edition's PDF (printed by `tools/book build` from the
// edition's print page) to the menu bar, for reading offline.
(function () {
    "use strict";
    const here = document.documentElement.lang;
    const buttons = document.querySelector(".right-buttons");
    if (!(here === "ko" || here === "en") || !buttons) {
        return;
    }
    const link = document.createElement("a");
    link.className = "pdf-download";
    // path_to_root is set by mdBook's page template (empty on top-level pages).
    link.href = new URL((path_to_root || "./") + "concurrency-notes-" + here + ".pdf", location.href).href;
    link.textContent = "PDF";
    // The title describes the link; its name stays "PDF", the word it shows
    // (WCAG 2.5.3, label in name).
    link.title = here === "ko" ? "이 책을 PDF로 내려받기" : "Download this book as a PDF";
    link.setAttribute("download", "");
    buttons.prepend(link);
})();
