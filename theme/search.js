// Search with Pagefind (see site/search-index.mjs), in place of mdBook's
// built-in search, which cannot index Korean. Opens with the search button,
// or the S or / key; closes with Escape.
(function () {
    "use strict";
    const korean = document.documentElement.lang === "ko";
    const buttons = document.querySelector(".left-buttons");
    const menuBar = document.getElementById("menu-bar");
    if (!buttons || !menuBar) {
        return;
    }
    const bookRoot = new URL(path_to_root || "./", location.href);
    const bundle = new URL("pagefind/", bookRoot).href;

    const button = document.createElement("button");
    button.id = "notes-search-toggle";
    button.className = "icon-button";
    button.type = "button";
    button.title = korean ? "이 책에서 찾기 (S)" : "Search this book (S)";
    button.setAttribute("aria-label", button.title);
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", "notes-search");
    button.innerHTML = '<i class="fa fa-search"></i>';
    buttons.appendChild(button);

    const panel = document.createElement("div");
    panel.id = "notes-search";
    panel.hidden = true;
    menuBar.insertAdjacentElement("afterend", panel);

    let loading = null;
    function load() {
        if (!loading) {
            loading = new Promise((resolve, reject) => {
                const css = document.createElement("link");
                css.rel = "stylesheet";
                css.href = bundle + "pagefind-ui.css";
                document.head.appendChild(css);
                const script = document.createElement("script");
                script.src = bundle + "pagefind-ui.js";
                script.onload = resolve;
                script.onerror = reject;
                document.head.appendChild(script);
            }).then(() => {
                // Result URLs are stored relative to the edition's root.
                new PagefindUI({
                    element: "#notes-search",
                    bundlePath: bundle,
                    baseUrl: bookRoot.pathname,
                    showSubResults: true,
                    showImages: false,
                    resetStyles: false,
                });
            });
        }
        return loading;
    }

    function open() {
        panel.hidden = false;
        button.setAttribute("aria-expanded", "true");
        load().then(() => {
            const input = panel.querySelector("input");
            if (input) {
                input.focus();
            }
        });
    }

    function close() {
        panel.hidden = true;
        button.setAttribute("aria-expanded", "false");
        button.focus();
    }

    button.addEventListener("click", () => (panel.hidden ? open() : close()));
    document.addEventListener("keydown", (event) => {
        const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
        if (event.key === "Escape" && !panel.hidden) {
            close();
        } else if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && (event.key === "s" || event.key === "/")) {
            event.preventDefault();
            open();
        }
    });
})();
