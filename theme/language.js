// Adds a link to the same page, at the same heading, in the other language.
// Both editions have identical file names, published side by side as
// <site>/ko/… and <site>/en/…, so the other page is one folder over.
(function () {
    "use strict";
    const languages = { ko: "한국어", en: "English" };
    const here = document.documentElement.lang;
    const other = here === "ko" ? "en" : "ko";
    const buttons = document.querySelector(".right-buttons");
    if (!(here in languages) || !buttons) {
        return;
    }

    // path_to_root is set by mdBook's page template (empty on top-level pages).
    function otherEdition() {
        const bookRoot = new URL(path_to_root || "./", location.href);
        const page = location.href.startsWith(bookRoot.href)
            ? location.href.slice(bookRoot.href.length)
            : "";
        return new URL("../" + other + "/" + page, bookRoot).href;
    }

    const link = document.createElement("a");
    link.className = "language-switch";
    link.lang = other;
    link.hreflang = other;
    link.textContent = languages[other];
    // The title is the link's description; its name stays the word it shows,
    // so that speech input ("click English") and screen readers agree with
    // the screen (WCAG 2.5.3, label in name).
    link.title = other === "en" ? "Read this page in English" : "이 페이지를 한국어로 읽기";
    link.href = otherEdition();
    // The reader may have moved to another heading since the page loaded.
    link.addEventListener("click", () => { link.href = otherEdition(); });
    buttons.prepend(link);
})();
