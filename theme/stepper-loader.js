// Loads the stepper only on pages that have a level (an element with
// `data-level`): site/stepper/ui.js, which tools/book copies to stepper/ at
// the site's root, beside ko/ and en/. Nothing is fetched from elsewhere.
(() => {
    if (!document.querySelector("[data-level]") || /\/print\.html$/.test(location.pathname)) return;
    const script = document.createElement("script");
    script.type = "module";
    // mdBook sets path_to_root (the way from this page up to its edition's root).
    script.src = `${typeof path_to_root === "string" ? path_to_root : ""}../stepper/ui.js`;
    document.head.append(script);
})();
